/** The one message every surface (examples, labs, /check, the command line) gives for an extension PGlite lacks. */
export const unavailableExtensionMessage = (name: string) => `cannot run: extension ${name} is not available in PGlite`;
