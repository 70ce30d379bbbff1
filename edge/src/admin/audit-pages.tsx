import type { Actor } from "../../../contracts/admin/actor.ts";
import type { AuditEntry } from "../../../contracts/admin/api.ts";
import { Field } from "../ui/components.tsx";
import { jsonChanges } from "./json-diff.ts";
import { AdminLayout, type FormState } from "./pages.tsx";
import { ColumnHeads } from "./column-heads.tsx";

/**
 * The audit log's search page: who, what, on what, when (a day range, UTC) and which request,
 * each entry with what changed as a list of before → after values, and both whole values under it.
 */

const show = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value));
const pretty = (value: unknown) => JSON.stringify(value ?? null, null, 2);

function Changes(props: { entry: AuditEntry }) {
  const changes = jsonChanges(props.entry.before, props.entry.after);
  return (
    <details>
      <summary>
        {changes.length} {changes.length === 1 ? "change" : "changes"}
      </summary>
      <table>
        <ColumnHeads names={["Field", "Before", "After"]} />
        <tbody>
          {changes.map((change) => (
            <tr>
              <td>{change.path}</td>
              <td>{show(change.before)}</td>
              <td>{show(change.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Before:</p>
      <pre>{pretty(props.entry.before)}</pre>
      <p>After:</p>
      <pre>{pretty(props.entry.after)}</pre>
    </details>
  );
}

export function AuditPage(props: { actor: Actor; entries: AuditEntry[]; form: FormState; nextHref?: string | undefined }) {
  const query = props.form.values ?? {};
  const errors = props.form.fieldErrors ?? {};
  const field = (name: string, label: string, type = "text") => <Field name={name} label={label} error={errors[name]} input={{ type, value: query[name] ?? "" }} />;
  return (
    <AdminLayout title="Audit log" actor={props.actor}>
      <h1>Audit log</h1>
      <form method="get" action="/admin/audit">
        {field("actor", "Who (email, token name or id)")}
        {field("action", "Action begins with")}
        {field("target", "Target begins with")}
        {field("from", "From (day, UTC)", "date")}
        {field("to", "To (day, UTC, included)", "date")}
        {field("requestId", "Request id")}
        <button type="submit">Search</button>
      </form>
      <table>
        <ColumnHeads names={["When", "Who", "What", "On", "Request", "Before and after"]} />
        <tbody>
          {props.entries.map((entry) => (
            <tr>
              <td>{entry.at}</td>
              <td>
                {entry.actor.kind} {entry.actor.name}
              </td>
              <td>{entry.action}</td>
              <td>{entry.target}</td>
              <td>{entry.requestId}</td>
              <td>
                <Changes entry={entry} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.entries.length === 0 ? <p>No entries match.</p> : null}
      {props.nextHref ? <a href={props.nextHref}>Older entries</a> : null}
    </AdminLayout>
  );
}
