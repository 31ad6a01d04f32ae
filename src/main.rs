//! Dyad's web app: Leptos, client-side rendered, compiled to wasm32 by Trunk.
//!
//! The data is not in the wasm: the page names its index (`<meta name="dyad-data">`), which is
//! loaded before the first page; the rest is loaded as pages need it ([`data`]). So a new set of
//! articles changes the data files only, never the app's own files.

mod app;
mod components;
mod data;
mod dom;
mod pages;
mod review;

use dyad_digest::period::Period;
use dyad_digest::route::{with_period, Route};
use std::cell::Cell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The period of the current route: every link of the page keeps it.
    static PERIOD: Cell<Period> = const { Cell::new(Period::ALL) };
}

pub fn set_period(p: Period) {
    PERIOD.with(|c| c.set(p));
}

pub fn period() -> Period {
    PERIOD.with(Cell::get)
}

/// A route's link in the current period.
pub fn href(route: &Route) -> String {
    with_period(&route.href(), &period())
}

/// After a page change: scroll to the deep-linked sentence (and focus it), or to the top with
/// focus on the page's heading, so keyboard and screen-reader users land on the new content.
pub fn scroll_to_route_target(route: &Route) {
    let doc = gloo::utils::document();
    if let Route::Article {
        sentence: Some(n), ..
    } = route
    {
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

/// A Blob of one string.
fn blob(content: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::new();
    parts.push(&wasm_bindgen::JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()
}

/// Offers `content` as a file download (a Blob URL, revoked after the click).
pub fn download(name: &str, mime: &str, content: &str) {
    if let Some(url) =
        blob(content, mime).and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok())
    {
        save_url(name, &url);
        // Revoke later: the download starts asynchronously.
        gloo::timers::callback::Timeout::new(10_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
    }
}

/// Saves what `url` points to (a Blob or `data:` URL) as the file `name`.
fn save_url(name: &str, url: &str) {
    let doc = gloo::utils::document();
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(url);
        a.set_download(name);
        a.click();
    }
}

/// Offers a standalone SVG as a PNG at twice its size (for projectors): the SVG is drawn into a
/// canvas through an `<img>` of its Blob URL, and the canvas's PNG is downloaded.
pub fn download_png(name: String, svg: &str) {
    let Some(url) =
        blob(svg, "image/svg+xml").and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok())
    else {
        return;
    };
    let Ok(img) = web_sys::HtmlImageElement::new() else {
        return;
    };
    img.set_src(&url);
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = wasm_bindgen_futures::JsFuture::from(img.decode()).await;
        let _ = web_sys::Url::revoke_object_url(&url);
        if loaded.is_err() {
            return;
        }
        let (w, h) = (img.natural_width() * 2, img.natural_height() * 2);
        let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
            .create_element("canvas")
            .expect("create a canvas")
            .unchecked_into();
        canvas.set_width(w);
        canvas.set_height(h);
        if let Ok(Some(ctx)) = canvas.get_context("2d") {
            let ctx: web_sys::CanvasRenderingContext2d = ctx.unchecked_into();
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &img, 0.0, 0.0, w as f64, h as f64,
            );
        }
        if let Ok(data) = canvas.to_data_url_with_type("image/png") {
            save_url(&name, &data);
        }
    });
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
    // Release builds abort on a panic without unwinding or a message (xtask's wasm build), so
    // only a debug build has a panic message to print.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        match data::load_index().await {
            Ok(()) => {
                // The page shows a loading note until the app takes over.
                let doc = gloo::utils::document();
                if let Some(loading) = doc.get_element_by_id("loading") {
                    loading.remove();
                }
                // The page's own title is written for the built-in focus; the data names its own.
                let focus = dyad_digest::focus_name(data::index());
                if let Ok(Some(title)) = doc.query_selector("title") {
                    title.set_text_content(Some(&format!(
                        "Dyad — {focus}'s relations, from the news"
                    )));
                }
                leptos::mount::mount_to_body(app::App);
            }
            Err(e) => show_fatal(&e),
        }
    });
}

/// The index did not load: say why in the loading note, with a way to try again.
fn show_fatal(message: &str) {
    let doc = gloo::utils::document();
    let Some(note) = doc.get_element_by_id("loading") else {
        return;
    };
    note.set_text_content(Some(&format!("Dyad could not load its data: {message}. ")));
    let _ = note.set_attribute("role", "alert");
    if let Ok(button) = doc.create_element("button") {
        button.set_text_content(Some("Reload"));
        let _ = button.set_attribute("type", "button");
        let listener = gloo::events::EventListener::new(&button, "click", |_| {
            let _ = gloo::utils::window().location().reload();
        });
        listener.forget();
        let _ = note.append_child(&button);
    }
}
