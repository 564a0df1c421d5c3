// Public API of src/rate-limit/: filled in by its issue.
export {};
