import "server-only";

/**
 * The longest username an operator can have (the operators file's rule). Sign-in refuses a
 * longer one before any lookup, and a username kept for the sign-in page is never longer.
 */
export const USERNAME_MAX_LENGTH = 64;
