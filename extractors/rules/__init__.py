"""Rules and vocabularies as YAML data, each validated by the stage that loads it."""
