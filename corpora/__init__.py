"""The detectors' labelled corpora: data files, and the seeded generators that make examples and streams from them.

They are not part of the installed package (README.md in this folder says what each file is). `aicident detectors
eval` and `aicident detectors sample-log` load this folder through `aicident.detectors.evaluation.corpora_module`;
tests, benchmarks and scripts of a checkout put the repository root on `sys.path` and `import corpora`.

Data files are read when a generator first needs them, never at import.
"""
