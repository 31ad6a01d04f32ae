//! Dyad's web app: Leptos, client-side rendered, compiled to wasm32 by Trunk.
//!
//! The bundle is compiled from the articles at build time (see `build.rs`) and embedded in the
//! wasm, so the app needs no request beyond its own files and works offline and from `file://`.

mod app;
mod pages;

use dyad_model::Bundle;
use std::sync::OnceLock;

/// The bundle as compiled by `build.rs` from `seeds/` (or `DYAD_SEEDS`).
pub const BUNDLE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/bundle.json"));

/// The parsed bundle, parsed once at start-up and shared read-only by every view.
pub fn bundle() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| Bundle::from_json(BUNDLE_JSON).expect("the embedded bundle matches this build's schema"))
}

fn main() {
    console_error_panic_hook::set_once();
    // The page shows a loading note until the app takes over.
    if let Some(loading) = gloo::utils::document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
