//! Moving between the app's pages as a visitor does, and waiting for each page on a condition.

use crate::{Browser, StaticServer};

impl Browser {
    /// Loads the site at `hash` and waits until the page is built with its data.
    pub async fn open(&self, server: &StaticServer, hash: &str) {
        self.client
            .goto(&server.url(&format!("index.html{hash}")))
            .await
            .unwrap();
        self.wait_ready().await;
    }

    /// Marks the page shown, so that a wait can tell the next page from it.
    pub async fn mark_page(&self) {
        self.js("const h = document.getElementById('main-heading'); if (h) h.dataset.old = '1';")
            .await;
    }

    /// Waits for a page built after [`Browser::mark_page`], with its data.
    pub async fn wait_new_page(&self) {
        self.wait_until(
            "the next page is shown",
            "const h = document.getElementById('main-heading'); return !!h && !h.dataset.old;",
        )
        .await;
        self.wait_ready().await;
    }

    /// Follows an in-app link the way a visitor does: by setting the hash (a `hashchange`).
    pub async fn go(&self, hash: &str) {
        self.mark_page().await;
        self.js(&format!(
            "location.hash = {};",
            serde_json::to_string(hash).unwrap()
        ))
        .await;
        self.wait_new_page().await;
    }

    /// The page heading's text (empty when there is none).
    pub async fn heading(&self) -> String {
        self.texts("#main-heading")
            .await
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// How many elements matching `css` are visible.
    pub async fn visible(&self, css: &str) -> usize {
        let script = format!(
            "return [...document.querySelectorAll({})].filter(e => e.offsetParent !== null).length;",
            serde_json::to_string(css).unwrap()
        );
        self.js(&script)
            .await
            .as_u64()
            .expect("a count of elements") as usize
    }
}
