/**
 * The routes an express app registers, read from its router (express 5 / router 2: a layer with
 * a `route`, a nested Router's `handle.stack`, a middleware mounted at a path), written as
 * OpenAPI path templates; and how they differ from a description's paths. createApp checks that
 * they do not differ, so a route added without its description stops the server at startup —
 * and every test that starts one — instead of leaving the description behind.
 */
import type express from "express";

export interface RegisteredRoute {
  method: string;
  /** An OpenAPI path template: `/api/v1/models/{model}`, `/api/v1/workbooks/{path}/runs`. */
  path: string;
}

interface Layer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

export function routeTable(app: express.Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat())
          for (const method of Object.keys(layer.route.methods))
            // router.all(): described by its GET, as a browser asks for a page.
            routes.push({ method: method === "_all" ? "get" : method, path: template(prefix + path) });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mountPath(layer));
      } else if (mountPath(layer)) {
        // Middleware mounted at a path serves what is under it: the app's static files.
        routes.push({ method: "get", path: template(`${prefix}${mountPath(layer)}/{file}`) });
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = `${route.method} ${route.path}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** The routes the description lacks, and the operations it describes that no route serves; paths compare without parameter names. */
export function describedDifference(
  routes: RegisteredRoute[],
  paths: Record<string, Record<string, unknown>>,
): { undescribed: string[]; unserved: string[] } {
  const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}");
  const registered = new Set(routes.map((route) => `${route.method.toUpperCase()} ${shape(route.path)}`));
  const described = new Set(
    Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${shape(path)}`),
    ),
  );
  return {
    undescribed: [...registered].filter((route) => !described.has(route)),
    unserved: [...described].filter((operation) => !registered.has(operation)),
  };
}

function mountPath(layer: Layer): string {
  const path = [layer.rawPath ?? "/"].flat()[0]!;
  return path === "/" ? "" : path;
}

/** Express's `:name` and `*name` as `{name}`; a trailing slash dropped (express matches without it). */
function template(path: string): string {
  const converted = path.replace(/[:*]([A-Za-z_]\w*)/g, "{$1}");
  return converted.length > 1 ? converted.replace(/\/+$/, "") : converted;
}
