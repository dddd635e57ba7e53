/**
 * Calls a running server through its OpenAPI description: each call names the operation (path
 * template and method), its request is checked against the description before it is sent, and
 * its answer after — the status must be described (or fall to `default`), the content type
 * listed, a JSON body valid against its schema (Ajv's Ajv2020: OpenAPI 3.1's JSON Schema).
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

type Answer = { content?: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { responses: { Error: Answer } } };
interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, Answer>;
}

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  /** A JSON body, or text with its content type in `headers`. */
  body?: unknown;
  /** A request meant to break the description (to see its error answered as described): not checked. */
  invalid?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: unknown;
}

const pointer = (...parts: string[]) =>
  "doc#/" + parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

export function describedApi(document: Document, baseUrl: string) {
  // Strict, so a misspelt keyword in the description fails; `required` beside oneOf and type lists are meant.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  ajv.addVocabulary(["openapi", "info", "jsonSchemaDialect", "security", "paths", "components"]);
  ajv.addSchema(document, "doc");
  const validators = new Map<string, ValidateFunction>();
  const validate = (ref: string, value: unknown, what: string) => {
    let check = validators.get(ref);
    if (!check) validators.set(ref, (check = ajv.compile({ $ref: ref })));
    if (!check(value))
      throw new Error(
        `${what} does not match the description: ${check.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join("; ")}\n${JSON.stringify(value).slice(0, 400)}`,
      );
  };
  const called = new Set<string>();

  async function call(method: string, template: string, options: CallOptions = {}): Promise<CallResult> {
    const operation = document.paths[template]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the description has no ${method} ${template}`);
    const what = `${method} ${template}`;
    called.add(what);
    for (const parameter of operation.parameters ?? []) {
      const given = { path: options.params, query: options.query, header: options.headers }[parameter.in as "path"];
      const present = Object.keys(given ?? {}).some((name) => name.toLowerCase() === parameter.name.toLowerCase());
      if (parameter.required && !present)
        throw new Error(`${what} needs the ${parameter.in} parameter ${parameter.name}`);
    }
    for (const [where, names] of [
      ["path", options.params],
      ["query", options.query],
    ] as const)
      for (const name of Object.keys(names ?? {}))
        if (!operation.parameters?.some((parameter) => parameter.in === where && parameter.name === name))
          throw new Error(`${what} describes no ${where} parameter ${name}`);
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
      String(options.params![name]).split("/").map(encodeURIComponent).join("/"),
    );
    const query = options.query
      ? "?" + new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)]))
      : "";
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      const type = headers["content-type"] ?? "application/json";
      const content = operation.requestBody?.content[type];
      if (!content) throw new Error(`${what} describes no ${type} body`);
      if (type === "application/json" && !options.invalid) {
        validate(
          pointer("paths", template, method.toLowerCase(), "requestBody", "content", type, "schema"),
          options.body,
          `the request of ${what}`,
        );
      }
      body = type === "application/json" ? JSON.stringify(options.body) : String(options.body);
      headers["content-type"] = type;
    } else if (operation.requestBody?.required) throw new Error(`${what} needs a body`);

    const response = await fetch(baseUrl + path + query, { method, headers, body, redirect: "manual" });
    const status = String(response.status);
    const described = operation.responses[status] ? status : "default";
    if (!operation.responses[described]) throw new Error(`${what} answered ${status}, which it does not describe`);
    const text = await response.text();
    const type = response.headers.get("content-type")?.split(";")[0];
    // `default` is the shared Error response.
    const answer = described === "default" ? document.components.responses.Error : operation.responses[described]!;
    // A redirect's body (express's "Redirecting to …") is not for the client to read.
    if (response.status >= 300 && response.status < 400)
      return { status: response.status, headers: response.headers, body: undefined };
    if (!answer.content) {
      if (text !== "" && type !== undefined)
        throw new Error(`${what} answered ${status} with a ${type} body it does not describe`);
      return { status: response.status, headers: response.headers, body: undefined };
    }
    if (!type || !answer.content[type])
      throw new Error(`${what} answered ${status} as ${type}, not ${Object.keys(answer.content)}`);
    if (type !== "application/json") return { status: response.status, headers: response.headers, body: text };
    const json = JSON.parse(text) as unknown;
    const schema =
      described === "default"
        ? "doc#/components/schemas/Error"
        : pointer("paths", template, method.toLowerCase(), "responses", described, "content", type, "schema");
    validate(schema, json, `the ${status} answer of ${what}`);
    return { status: response.status, headers: response.headers, body: json };
  }

  return { call, called };
}
