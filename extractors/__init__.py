"""Pure extraction: PDF bytes in, a contract `Result` out. Nothing here touches a database,
a queue or a web framework; `extractors.pipeline.process` is the one entry point."""
