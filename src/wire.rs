//! How server functions' answers and errors travel: JSON, as server_fn's own `Json` sends it,
//! but read in the browser with `serde_json::from_str`, the decoder the page's resources
//! already use (Leptos's `JsonSerdeCodec`). server_fn reads answers with `from_slice`: every
//! answer type then had two JSON decoders in the WebAssembly, one per input kind, and the
//! `deserialize_struct` copies were the largest single item in the bundle.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{Serialize, de::DeserializeOwned};

/// The encoding of every server function's answer (`#[server(output = crate::wire::Json)]`)
/// and of `AppError`.
pub struct JsonText;

/// A server function answered by a POST, with a JSON body read as text.
pub type Json = Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        // Borrowed when the body is UTF-8 (always, from our server); anything else cannot be
        // our JSON and fails in the JSON reader like any other garbage.
        serde_json::from_str(&String::from_utf8_lossy(&bytes))
    }
}
