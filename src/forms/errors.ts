import type { z } from 'zod';
import type { Translate } from '#src/i18n/index.ts';

// zod ships no Latvian (toolchain.md): validation yields problems named by
// our own keys, and the locale files word them, field by field where a
// field deserves its own sentence (forms:errors.<field>.<key>), else
// generically (forms:errors.<key>).

export type FieldProblem = { field: string; key: string; values?: Record<string, string | number> };
/** A problem in words, as the error summary and the field show it. */
export type FieldError = { field: string; message: string };

/**
 * A schema's issues as problems: a custom message that is one of our keys
 * wins; otherwise the issue's code says which key.
 */
export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (seen.has(field)) continue; // one message per field: the first says what to fix
    seen.add(field);
    if (/^[a-z][A-Za-z]*$/.test(issue.message)) {
      const values: Record<string, string | number> = {};
      if ('maximum' in issue && typeof issue.maximum === 'number') values.max = issue.maximum;
      if ('minimum' in issue && typeof issue.minimum === 'number') values.min = issue.minimum;
      problems.push({ field, key: issue.message, values });
      continue;
    }
    switch (issue.code) {
      case 'too_big':
        problems.push({ field, key: 'tooLong', values: { max: Number(issue.maximum) } });
        break;
      case 'too_small':
        problems.push({ field, key: 'required' });
        break;
      case 'invalid_format':
        problems.push({ field, key: issue.format === 'email' ? 'email' : 'format' });
        break;
      case 'invalid_value':
        problems.push({ field, key: 'choose' });
        break;
      default:
        problems.push({ field, key: 'required' });
    }
  }
  return problems;
}

/**
 * Problems in words. A capability with its own locale namespace names it in
 * `namespaces`: its `<ns>:errors.<field>.<key>` and `<ns>:errors.<key>` are
 * tried first, then the shared forms ones. A page that words some problems
 * its own way (to an official rather than the client) names the place of
 * those words, `<ns>:<path>`, before the namespace.
 */
export function translateProblems(t: Translate, problems: readonly FieldProblem[], namespaces: readonly string[] = []): FieldError[] {
  return problems.map((p) => ({
    field: p.field,
    message: t(
      [
        ...namespaces
          .map((ns) => (ns.includes(':') ? ns : `${ns}:errors`))
          .flatMap((base) => [`${base}.${p.field}.${p.key}`, `${base}.${p.key}`]),
        `forms:errors.${p.field}.${p.key}`,
        `forms:errors.${p.key}`,
      ],
      wordedValues(p.values),
    ),
  }));
}

/**
 * A limit is also the count the sentence agrees with ("1 character", "20 000
 * characters"; in Latvian "1 rakstzīmi", "21 rakstzīmi", "5 rakstzīmes"),
 * the form chosen by i18next's plural rules from `count`.
 */
function wordedValues(values: FieldProblem['values'] = {}): Record<string, string | number> {
  return typeof values.max === 'number' && values.count === undefined ? { ...values, count: values.max } : values;
}

/** The message for one field, if it has a problem. */
export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}
