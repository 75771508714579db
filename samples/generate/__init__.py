"""The sample submission generator: facts (spec), renderers (report, form, evidence, seal, ink),
scan degradation, and truth files. Entry point: samples.generate.make.make_corpus."""
