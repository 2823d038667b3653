//! A small builder for read-only DOM trees.
//!
//! Every distinct `view!` tree in Leptos compiles to its own generic code, which makes
//! large, mostly static views (the report, the roadmap) cost tens of kilobytes of wasm.
//! Views that are rebuilt wholesale from a memo use this builder instead: plain function
//! calls, one copy of the code. All text goes in through `textContent`, never as HTML.

/// An element under construction.
pub struct Node(pub web_sys::Element);

/// A new element with the given tag.
pub fn el(tag: &str) -> Node {
    Node(
        leptos::prelude::document()
            .create_element(tag)
            .expect("the document creates elements"),
    )
}

impl Node {
    /// Appends text (as a text node, never parsed as HTML).
    pub fn text(self, text: &str) -> Self {
        let node = leptos::prelude::document().create_text_node(text);
        let _ = self.0.append_child(&node);
        self
    }

    pub fn class(self, class: &str) -> Self {
        let _ = self.0.set_attribute("class", class);
        self
    }

    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn child(self, child: Node) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = Node>) -> Self {
        for child in children {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    /// Adds a child only when there is one.
    pub fn maybe(self, child: Option<Node>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }
}

/// Replaces the children of `parent` with `content`.
pub fn replace_children(parent: &web_sys::Element, content: Node) {
    parent.set_text_content(None);
    let _ = parent.append_child(&content.0);
}
