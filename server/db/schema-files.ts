/**
 * prisma/schema.prisma (SQLite) is the one schema people edit; prisma/postgresql/schema.prisma is
 * the same text with the datasource provider "postgresql" and its own generated client (Prisma
 * cannot take the provider from an environment variable). A test checks the two stay in step.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const replacements: [string, string][] = [
    ['output       = "../generated/prisma"', 'output       = "../../generated/prisma-postgresql"'],
    ['provider = "sqlite"', 'provider = "postgresql"'],
  ];
  let text = sqliteSchema;
  for (const [from, to] of replacements) {
    if (text.split(from).length !== 2)
      throw new Error(`prisma/schema.prisma must contain \`${from}\` exactly once`);
    text = text.replace(from, to);
  }
  return text;
}
