//! Declared data imports and evaluators' overrides (in progress).
