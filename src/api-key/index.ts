// Public API of src/api-key/: filled in by its issue.
export {};
