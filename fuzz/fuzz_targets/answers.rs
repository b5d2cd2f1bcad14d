//! libFuzzer entry point for [`rubricate_fuzz::answers`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rubricate_fuzz::answers(data));
