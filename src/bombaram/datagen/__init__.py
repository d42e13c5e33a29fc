"""Generated data (예시 데이터): the demonstration data of `bombaram demo`, the synthetic data of
`bombaram generate` and the benchmark data of `bombaram bench` share these generators, so that `core/` holds only
the domain's rules."""
