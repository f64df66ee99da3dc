// Renders /openapi.json as a readable page, offline (no Swagger UI from a CDN).
"use strict";

function el(tag, cls, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function typeOf(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
  if (schema.type === "array") return typeOf(schema.items) + "[]";
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  return schema.format ? `${schema.type} (${schema.format})` : (schema.type || "any");
}

function render(spec) {
  document.getElementById("api-info").append(el("p", null, `${spec.info.title} ${spec.info.version}: ${spec.info.description || ""}`));
  const ops = document.getElementById("operations");
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const box = el("div", "op", el("span", "method " + method, method.toUpperCase()), el("code", null, path),
        op.summary ? el("strong", null, "  " + op.summary) : null);
      if (op.description) box.append(el("p", null, op.description));
      if (op.security) box.append(el("p", "muted", "Needs the bearer token (always for writes; for reads on a non-loopback address)."));
      if (op.parameters && op.parameters.length) {
        const table = el("table", null, el("tr", null, el("th", null, "parameter"), el("th", null, "in"), el("th", null, "type"), el("th", null, "required")));
        for (const p of op.parameters) table.append(el("tr", null, el("td", null, el("code", null, p.name)), el("td", null, p.in), el("td", null, typeOf(p.schema)), el("td", null, p.required ? "yes" : "")));
        box.append(table);
      }
      if (op.requestBody) {
        const schema = (op.requestBody.content["application/json"] || {}).schema;
        box.append(el("p", null, "Body: ", el("code", null, typeOf(schema))));
      }
      const codes = Object.entries(op.responses || {}).map(([code, r]) => {
        const schema = r.content && r.content["application/json"] ? r.content["application/json"].schema : null;
        return `${code} ${r.description || ""}${schema ? " → " + typeOf(schema) : ""}`;
      });
      box.append(el("p", "muted", "Responses: " + codes.join("; ")));
      ops.append(box);
    }
  }
  const schemas = document.getElementById("schemas");
  for (const [name, schema] of Object.entries((spec.components || {}).schemas || {})) {
    const box = el("div", "op", el("strong", null, name));
    if (schema.description) box.append(el("p", null, schema.description));
    const props = schema.properties || {};
    if (Object.keys(props).length) {
      const required = new Set(schema.required || []);
      const table = el("table", null, el("tr", null, el("th", null, "field"), el("th", null, "type"), el("th", null, "required"), el("th", null, "description")));
      for (const [field, s] of Object.entries(props)) table.append(el("tr", null, el("td", null, el("code", null, field)), el("td", null, typeOf(s)), el("td", null, required.has(field) ? "yes" : ""), el("td", null, s.description || "")));
      box.append(table);
    }
    schemas.append(box);
  }
}

fetch("/openapi.json").then((r) => r.json()).then(render).catch((err) => {
  document.getElementById("operations").append(el("p", "status error", "Cannot load /openapi.json: " + err.message));
});
