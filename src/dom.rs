//! A small, non-generic DOM builder for the pages' static content.
//!
//! Why: every distinct `view!` tree is its own type in Leptos (tachys), and each type brings its
//! own build/rebuild/mount code into the wasm; a dashboard of tables and lists paid ~200 KiB gzip
//! for that. Static content built here costs one function call per node instead. Interactive
//! state stays in Leptos (the shell, routing, theme) or in plain event listeners below.
//!
//! Text always goes in as text nodes (`create_text_node`): article text is never parsed as HTML.
//! The only markup set as HTML is a plotters SVG, whose labels plotters escapes ([`El::svg`]).

use gloo::events::EventListener;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// Listeners of the content being built, handed to the mount that shows it.
    static PENDING: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
}

fn doc() -> web_sys::Document {
    gloo::utils::document()
}

/// An element under construction.
#[derive(Clone)]
pub struct El(pub web_sys::Element);

pub fn el(tag: &str) -> El {
    El(doc().create_element(tag).expect("create element"))
}

/// `el(tag)` with a class.
pub fn ec(tag: &str, class: &str) -> El {
    el(tag).class(class)
}

impl El {
    pub fn attr(self, k: &str, v: &str) -> El {
        let _ = self.0.set_attribute(k, v);
        self
    }
    pub fn id(self, v: &str) -> El {
        self.attr("id", v)
    }
    pub fn class(self, v: &str) -> El {
        if !v.is_empty() {
            self.0.set_class_name(v);
        }
        self
    }
    pub fn href(self, v: &str) -> El {
        self.attr("href", v)
    }
    /// Appends a text node.
    pub fn text(self, s: &str) -> El {
        let _ = self.0.append_child(&doc().create_text_node(s));
        self
    }
    pub fn child(self, c: El) -> El {
        let _ = self.0.append_child(&c.0);
        self
    }
    pub fn opt(self, c: Option<El>) -> El {
        match c {
            Some(c) => self.child(c),
            None => self,
        }
    }
    /// Sets a plotters SVG as this element's markup. Only for SVG strings from
    /// `dyad_digest::charts`, whose text plotters XML-escapes (tested there).
    pub fn svg(self, markup: &str) -> El {
        self.0.set_inner_html(markup);
        self
    }
    /// Sets an inline style property through the CSSOM (allowed by a strict CSP).
    pub fn style(self, k: &str, v: &str) -> El {
        let _ = self
            .0
            .unchecked_ref::<web_sys::HtmlElement>()
            .style()
            .set_property(k, v);
        self
    }
    /// Listens to `event`; the listener lives as long as the mounted content.
    pub fn on(self, event: &'static str, f: impl FnMut(&web_sys::Event) + 'static) -> El {
        // Not passive (gloo's default): the skip link and the search form prevent the default.
        let l = EventListener::new_with_options(
            &self.0,
            event,
            gloo::events::EventListenerOptions::enable_prevent_default(),
            f,
        );
        PENDING.with(|p| p.borrow_mut().push(l));
        self
    }
    pub fn clear(&self) {
        self.0.set_text_content(None);
    }
    pub fn set_text(&self, s: &str) {
        self.0.set_text_content(Some(s));
    }
}

/// `<a href>` with a text.
pub fn link(href: &str, text: &str) -> El {
    el("a").href(href).text(text)
}

/// An element with one text child.
pub fn t(tag: &str, text: &str) -> El {
    el(tag).text(text)
}

/// A `<table>` from a header row and rows of cells (the first cell of each row is a row header).
pub fn table(class: &str, caption: Option<&str>, head: &[&str], rows: Vec<Vec<El>>) -> El {
    let tr = head
        .iter()
        .fold(el("tr"), |tr, h| tr.child(t("th", h).attr("scope", "col")));
    let body = rows.into_iter().fold(el("tbody"), |tb, cells| {
        let mut tr = el("tr");
        for (i, c) in cells.into_iter().enumerate() {
            let cell = if i == 0 {
                el("th").attr("scope", "row")
            } else {
                el("td")
            };
            tr = tr.child(cell.child(c));
        }
        tb.child(tr)
    });
    let mut tbl = ec("table", class);
    if let Some(c) = caption {
        tbl = tbl.child(t("caption", c));
    }
    tbl.child(el("thead").child(tr)).child(body)
}

/// A text in a `<span>`, for table cells.
pub fn s(text: &str) -> El {
    t("span", text)
}

/// Shows built content inside Leptos: a `display: contents` host that receives the element on
/// mount and drops its listeners on cleanup.
pub fn mount(content: El) -> impl IntoView {
    let listeners = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    let keep = StoredValue::new_local(Some(listeners));
    on_cleanup(move || {
        keep.update_value(|l| drop(l.take()));
    });
    let host = NodeRef::<leptos::html::Div>::new();
    host.on_load(move |div| {
        // A page change rebuilds the same host element in place: replace what it showed.
        div.set_text_content(None);
        let _ = div.append_child(&content.0);
    });
    view! { <div class="dom-host" node_ref=host></div> }
}
