import type { Metadata } from 'next';
import { ActionForm } from '../../../../components/action-form.tsx';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../components/states.tsx';
import { settle } from '../../../../lib/api.ts';
import { formatDate, formatDateTime } from '../../../../lib/format.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { can, ROLES, roleLabel } from '../../../../lib/roles.ts';
import { getFundContext } from '../../../../lib/session.ts';
import {
  addMemberAction,
  changeRoleAction,
  createKeyAction,
  removeMemberAction,
  revokeKeyAction,
  scheduleAction,
} from './actions.ts';

export const metadata: Metadata = { title: 'Settings — DTE' };

const SettingsQuery = graphql(`
  query Settings {
    members { id role createdAt user { id name email } }
    apiKeys { id name prefix scope createdAt expiresAt lastUsedAt revokedAt }
    schedules { id kind everySeconds cron enabled updatedAt }
  }
`);

/** Fund settings (OWNER): members and roles, API keys (secret shown once), schedules. */
export default async function SettingsPage({ params }: { params: Promise<{ fund: string }> }) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  if (!can(ctx.role, 'manageFund'))
    return (
      <>
        <PageHeader title="Settings" />
        <EmptyState title="Only owners manage the fund">
          <p>Members, roles and API keys are managed by the fund's owners.</p>
        </EmptyState>
      </>
    );
  const loaded = await settle(ctx.query(SettingsQuery, {}));
  if (!loaded.ok)
    return (
      <>
        <PageHeader title="Settings" />
        <ErrorPanel error={loaded.error} what="the settings" />
      </>
    );
  const { members, apiKeys, schedules } = loaded.data;
  const hidden = <input type="hidden" name="fund" value={ctx.fund.slug} />;
  const roleOptions = ROLES.map((r) => (
    <option key={r} value={r}>
      {roleLabel(r)}
    </option>
  ));
  return (
    <>
      <PageHeader title="Settings">
        <p>Members and roles, API keys for scripts, and the worker's schedules for {ctx.fund.name}.</p>
      </PageHeader>
      <section aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <div className="table-wrap">
          <table data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.user.name}</th>
                  <td>{m.user.email}</td>
                  <td>
                    <ActionForm
                      className="inline-form"
                      action={changeRoleAction}
                      label={`Role of ${m.user.name}`}
                      submit="Change"
                      pendingLabel="…"
                    >
                      {hidden}
                      <input type="hidden" name="userId" value={m.user.id} />
                      <label className="visually-hidden" htmlFor={`role-${m.id}`}>
                        Role of {m.user.name}
                      </label>
                      <select id={`role-${m.id}`} name="role" defaultValue={m.role}>
                        {roleOptions}
                      </select>
                    </ActionForm>
                  </td>
                  <td>{formatDate(m.createdAt)}</td>
                  <td>
                    {m.user.id === ctx.viewer.user.id ? (
                      <span className="muted">you</span>
                    ) : (
                      <ActionForm
                        className="inline-form"
                        action={removeMemberAction}
                        label={`Remove ${m.user.name}`}
                        submit="Remove"
                        pendingLabel="…"
                        danger
                      >
                        {hidden}
                        <input type="hidden" name="userId" value={m.user.id} />
                      </ActionForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>Add a member</h3>
        <ActionForm action={addMemberAction} label="Add a member" submit="Add member">
          {hidden}
          <label>
            Email
            <input name="email" type="email" required />
          </label>
          <label>
            Name (new accounts)
            <input name="name" />
          </label>
          <label>
            Role
            <select name="role" defaultValue="VIEWER">
              {roleOptions}
            </select>
          </label>
        </ActionForm>
      </section>
      <section aria-labelledby="keys-h">
        <h2 id="keys-h">API keys</h2>
        {apiKeys.length === 0 ? (
          <EmptyState title="No API keys" />
        ) : (
          <div className="table-wrap">
            <table data-testid="keys-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {apiKeys.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.prefix}</code>
                    </td>
                    <td>{k.scope === 'READ' ? 'read (viewer)' : 'read-write (analyst)'}</td>
                    <td>{formatDate(k.createdAt)}</td>
                    <td>{formatDate(k.expiresAt)}</td>
                    <td>{formatDateTime(k.lastUsedAt)}</td>
                    <td>
                      {k.revokedAt ? (
                        <span className="badge">revoked {formatDate(k.revokedAt)}</span>
                      ) : (
                        <ActionForm
                          className="inline-form"
                          action={revokeKeyAction}
                          label={`Revoke ${k.name}`}
                          submit="Revoke"
                          pendingLabel="…"
                          danger
                        >
                          {hidden}
                          <input type="hidden" name="id" value={k.id} />
                        </ActionForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>Create an API key</h3>
        <ActionForm action={createKeyAction} label="Create an API key" submit="Create key" testId="new-key">
          {hidden}
          <label>
            Name
            <input name="name" required />
          </label>
          <label>
            Scope
            <select name="scope" defaultValue="READ">
              <option value="READ">Read (acts as viewer)</option>
              <option value="READ_WRITE">Read-write (acts as analyst)</option>
            </select>
          </label>
          <label>
            Expires (optional)
            <input name="expiresAt" type="date" />
          </label>
        </ActionForm>
      </section>
      <section aria-labelledby="schedules-h">
        <h2 id="schedules-h">Schedules</h2>
        {schedules.length === 0 ? (
          <EmptyState title="No schedules" />
        ) : (
          <div className="table-wrap">
            <table data-testid="schedules-table">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">When</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {schedules.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.kind === 'RISK_SNAPSHOT' ? 'Risk snapshot' : 'Limit check'}</th>
                    <td>{s.cron ? <code>{s.cron}</code> : `every ${s.everySeconds} s`}</td>
                    <td>{s.enabled ? 'yes' : 'no'}</td>
                    <td>{formatDateTime(s.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>Change a schedule</h3>
        <ActionForm action={scheduleAction} label="Change a schedule" submit="Save schedule">
          {hidden}
          <label>
            Job
            <select name="kind" defaultValue="LIMIT_CHECK">
              <option value="LIMIT_CHECK">Limit check</option>
              <option value="RISK_SNAPSHOT">Risk snapshot</option>
            </select>
          </label>
          <label>
            Every (seconds) or cron (UTC)
            <input name="every" placeholder="300 or */15 * * * *" required />
          </label>
          <label className="inline">
            <input type="checkbox" name="enabled" defaultChecked /> Enabled
          </label>
        </ActionForm>
      </section>
    </>
  );
}
