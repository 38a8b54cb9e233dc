//! Test media with planted metadata (PDF, MP4/MOV/M4A, MP3, Ogg): the library's own
//! builders (src/attach/strip/testmedia.rs), included here so the integration tests need no
//! extra feature.

pub use sandyk::attach::strip::{ogg_page, ogg_paginate};

#[allow(dead_code)]
#[path = "../../../src/attach/strip/testmedia.rs"]
mod testmedia;

#[allow(unused_imports)]
pub use testmedia::*;
