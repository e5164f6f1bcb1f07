//! The runtime of the crates `cargo xtask codegen` generates (`seam-events`): the shared
//! reading loop, the serde visitors, the fast readers and writers, and the macros the generated
//! code invokes. Not an API of its own: a generated crate depends on it at an exact version, and
//! nothing here is promised to anyone else.
//!
//! # How a generated crate uses it
//!
//! A generated crate holds only what its schema decides: one invocation of `object!` per
//! struct, `enumeration!` per enumeration, one `slots!` listing the kinds of field its structs
//! have (it defines the crate's `slots::Kinds`, which implements `Slots`), and one
//! `seam_event!` listing the events. Everything else, the reading loop (`visit_object`), the
//! writers (`write_object`, `serialize_object`), the codecs (`Codec`) and the serde visitors
//! (`InPlace`, `EachInPlace`), is here, compiled, linted and tested as itself. All of that is
//! `#[doc(hidden)]`, in `__private` (as serde keeps its own): what a consumer of `seam-events`
//! may use from here is [`webhook`] (feature `webhook`) and [`WebhookEvent`], which the
//! generated crate re-exports.
//!
//! The macros expect the invoking crate to depend on `serde` and `serde_json`, `uuid` and
//! `chrono` (the types its fields name), to call its kinds module `slots`, and to declare a
//! `schemars` feature that turns on this crate's.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The macros name the invoking crate's own items (`crate::slots::Kinds`, `SeamEvent`) on
// purpose: they are that crate's, not this one's.
#![allow(clippy::crate_in_macro_def)]

mod codec;
mod event;
#[cfg(feature = "axum")]
mod extract;
mod id;
mod key;
mod macros;
mod nested;
mod object;
#[doc(hidden)]
pub mod presence;
#[cfg(feature = "schemars")]
#[doc(hidden)]
pub mod schema;
mod swar;
mod time;
#[cfg(feature = "webhook")]
pub mod webhook;
mod write;

pub use event::WebhookEvent;

/// What the generated code calls into: not an API. Nothing here is promised, and any of it may
/// change in any release (the generated crate requires this crate's exact version).
#[doc(hidden)]
pub mod __private {
    pub use crate::codec::{Codec, Num, Nums, Plain};
    pub use crate::event::{
        deserialize_event, find_event_type, read_object, top_level_event_type, transcode,
        type_hash, type_index, type_table,
    };
    pub use crate::id::{Id, hyphenated_uuid};
    pub use crate::key::Key;
    pub use crate::nested::{EachInPlace, Elements, Obj, Objs};
    pub use crate::object::{
        FieldInfo, InPlace, Info, Object, Placeholder, Reading, Shape, Slots, count_required,
        deserialize_shape, envelope, field, required, visit_object,
    };
    pub use crate::presence;
    #[cfg(feature = "schemars")]
    pub use crate::schema;
    pub use crate::time::{Time, Timestamp, Ts, rfc3339};
    pub use crate::write::{
        Fields, JsonWriter, MapWriter, serialize_object, write_extra, write_key, write_object,
    };
}
