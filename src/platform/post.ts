import { z } from 'zod';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import type { PostedForm } from '#src/forms/read.ts';
import { invalid, ok, type Outcome } from './outcome.ts';

// One way to read a form post: the schema that checks a form names its
// fields, so the fields read are the schema's keys (as intake reads a
// kind's fields, src/intake/rules.ts fieldNames), never a hand-written list
// that can drift from the schema. A checkbox (a boolean in the schema) is
// on when it posts anything; a group of fields (an object in the schema,
// such as the day, month and year of a date) posts `<name>-<part>`.

export type PostSchema = z.ZodObject<z.ZodRawShape>;

type Raw<F> = F extends z.ZodBoolean ? boolean : F extends z.ZodObject<infer Shape> ? { [K in keyof Shape]: string } : string;

/** What a form posts for a schema, as typed: text, a checkbox's on/off, a group's parts. */
export type PostOf<S extends PostSchema> = { [K in keyof S['shape']]: Raw<S['shape'][K]> };

/** The posted values of the schema's fields, as typed (what a refused form shows again). */
export function readPost<S extends PostSchema>(schema: S, form: PostedForm): PostOf<S> {
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    if (field instanceof z.ZodBoolean) values[name] = form.text(name) !== '';
    else if (field instanceof z.ZodObject) {
      values[name] = Object.fromEntries(Object.keys(field.shape).map((part) => [part, form.text(`${name}-${part}`)]));
    } else values[name] = form.text(name);
  }
  return values as PostOf<S>;
}

/**
 * A post checked against its schema: `ok` with the parsed value, or
 * `invalid` with one problem per field (zod's messages are our locale
 * keys, src/forms/errors.ts). Reads the form, or takes values already read.
 * `problems` lets a capability add words to a problem (a range's ends).
 */
export function parsePost<S extends PostSchema>(
  schema: S,
  post: PostedForm | PostOf<S>,
  problems: (error: z.ZodError) => FieldProblem[] = problemsFromZod,
): Outcome<z.output<S>> {
  const values = isForm(post) ? readPost(schema, post) : post;
  const parsed = schema.safeParse(values);
  return parsed.success ? ok(parsed.data) : invalid(problems(parsed.error));
}

function isForm(post: object): post is PostedForm {
  return 'readable' in post && typeof (post as PostedForm).text === 'function';
}
