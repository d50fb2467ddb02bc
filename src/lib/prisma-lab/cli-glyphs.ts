/**
 * The characters beyond ASCII that Prisma's printed texts use (cli-output.ts; a unit test keeps this
 * list complete). The lab lays them out before its engine starts, and the build makes its emoji a
 * font of their own (integration/lab-emoji-font.ts): both say why.
 */
export const CLI_GLYPHS = '•…›─└⚠️✔✖🏋️📝🔍🙌🚀';
