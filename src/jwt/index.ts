// Public API of src/jwt/: filled in by its issue.
export {};
