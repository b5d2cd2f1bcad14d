//! libFuzzer entry point for [`rubricate_fuzz::rubric`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rubricate_fuzz::rubric(data));
