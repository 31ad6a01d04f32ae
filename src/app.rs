//! The application shell: header, navigation and the page for the current route.

use crate::pages;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let bundle = crate::bundle();
    view! {
        <header class="masthead">
            <a class="brand" href="#/">"Dyad"</a>
            <span class="tagline">"Cambodia's relations, judged from the news, sentence by sentence"</span>
        </header>
        <main id="main">
            <pages::overview::Overview bundle=bundle/>
        </main>
    }
}
