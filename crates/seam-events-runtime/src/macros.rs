//! The macros a generated crate invokes, one per kind of item: [`object!`](crate::object),
//! [`enumeration!`](crate::enumeration), [`slots!`](crate::slots) and
//! [`seam_event!`](crate::seam_event), and [`webhook_module!`](crate::webhook_module). Each expands to the item and its hand-made `Deserialize`
//! and `Serialize`, thin calls into this crate.

mod enumeration;
mod object;
mod seam_event;
mod slots;
mod webhook;
