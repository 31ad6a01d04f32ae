//! Dyad's web app: Leptos, client-side rendered, compiled to wasm32 by Trunk.
//!
//! The bundle is compiled from the articles at build time (see `build.rs`) and embedded in the
//! wasm, so the app needs no request beyond its own files and works offline and from `file://`.

mod app;
mod components;
mod dom;
mod pages;

use dyad_digest::route::Route;
use dyad_model::Bundle;
use std::sync::OnceLock;
use wasm_bindgen::JsCast;

/// The bundle as compiled by `build.rs` from `seeds/` (or `DYAD_SEEDS`).
pub const BUNDLE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/bundle.json"));

/// The parsed bundle, parsed once at start-up and shared read-only by every view.
pub fn bundle() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| Bundle::from_json(BUNDLE_JSON).expect("the embedded bundle matches this build's schema"))
}

/// Every quote of the bundle, computed once.
pub fn all_quotes() -> &'static [dyad_digest::quotes::QuoteRow<'static>] {
    static ROWS: OnceLock<Vec<dyad_digest::quotes::QuoteRow<'static>>> = OnceLock::new();
    ROWS.get_or_init(|| dyad_digest::quotes::quote_rows(bundle()))
}

/// After a page change: scroll to the deep-linked sentence (and focus it), or to the top with
/// focus on the page's heading, so keyboard and screen-reader users land on the new content.
pub fn scroll_to_route_target(route: &Route) {
    let doc = gloo::utils::document();
    if let Route::Article { sentence: Some(n), .. } = route {
        if let Some(el) = doc.get_element_by_id(&format!("s-{n}")) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            return;
        }
    }
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
    if let Some(h) = doc.get_element_by_id("main-heading") {
        let _ = h.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Offers `content` as a file download (a Blob URL, revoked after the click).
pub fn download(name: &str, mime: &str, content: &str) {
    let parts = js_sys_array(content);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let doc = gloo::utils::document();
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoke later: the download starts asynchronously.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

fn js_sys_array(s: &str) -> wasm_bindgen::JsValue {
    let arr = js_sys::Array::new();
    arr.push(&wasm_bindgen::JsValue::from_str(s));
    arr.into()
}

/// Copies text to the clipboard; `done` learns whether it worked.
pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

fn main() {
    console_error_panic_hook::set_once();
    // The page shows a loading note until the app takes over.
    if let Some(loading) = gloo::utils::document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
