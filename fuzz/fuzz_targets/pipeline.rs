//! libFuzzer entry point for [`rubricate_fuzz::pipeline`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rubricate_fuzz::pipeline(data));
