//! Images drawn ahead of showing them.

/// Has the browser lay out and draw the images under `root` while they are hidden, by
/// drawing each, once loaded, into a one-pixel canvas. An SVG image (every chart is one)
/// is a document of its own: the first time the page paints it, the browser styles, lays
/// out and paints that document, on the main thread, at the size the page shows it (a
/// chart is shown at the size it is drawn, see app.css, which is the size drawn here). In
/// a trace of opening Results at 4× CPU the three charts were 23 of the 38 ms that frame's
/// paint took; drawn here first, their documents are laid out when the view shows.
pub fn draw_ahead(root: &web_sys::Element) {
    // Unchecked casts, and the canvas's size as attributes: a checked cast or a size
    // setter would each be one more import in the first load's JS and wasm (the glue is
    // shared by every part), and these elements are what the selector and tag say. The
    // one setter kept, `onload`, has no cheaper stand-in.
    use leptos::prelude::document;
    use wasm_bindgen::{closure::Closure, JsCast};
    let (Ok(images), Ok(canvas)) = (
        root.query_selector_all("img"),
        document().create_element("canvas"),
    ) else {
        return;
    };
    let _ = canvas.set_attribute("width", "1");
    let _ = canvas.set_attribute("height", "1");
    let Some(context) = canvas
        .unchecked_into::<web_sys::HtmlCanvasElement>()
        .get_context("2d")
        .ok()
        .flatten()
    else {
        return;
    };
    let context: web_sys::CanvasRenderingContext2d = context.unchecked_into();
    for index in 0..images.length() {
        let Some(image) = images.item(index) else {
            continue;
        };
        let image: web_sys::HtmlImageElement = image.unchecked_into();
        let draw = {
            let (context, image) = (context.clone(), image.clone());
            move || {
                let _ = context
                    .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, 1.0, 1.0);
            }
        };
        if image.complete() {
            draw();
        } else {
            // Still loading: drawn once it has loaded, and the handler taken off at once
            // (it can run only once; the image loads again whenever its chart changes).
            let loaded = image.clone();
            let draw = Closure::once_into_js(move || {
                loaded.set_onload(None);
                draw();
            });
            image.set_onload(Some(draw.unchecked_ref()));
        }
    }
}
