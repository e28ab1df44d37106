// Workspace (managers and super admins): its members — role, deactivation, sign-in
// tokens —, its projects — name, client, billable, archive — and its webhooks — added with
// a secret shown once, their deliveries, deleted. Each list loads on its own, so one that
// fails does not hide the others; every change is saved at once.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api';
import { Alert } from '../components/alert';
import { MembersTable } from '../components/members_table';
import { ProjectsTable } from '../components/projects_table';
import { manages } from '../components/roles';
import { useApi } from '../components/use_api';
import { AddWebhook } from '../components/webhook_dialog';
import { WebhooksTable } from '../components/webhooks_table';
import { Working } from '../components/working';
import type { Items, Me, Member, Project, WebhookEndpoint } from '../types';

/// The list with one item replaced by the API's answer for it.
const replaced = <T extends { id: string }>(fresh: T) => (d: Items<T> | undefined) =>
  d && { items: d.items.map((x) => (x.id === fresh.id ? fresh : x)) };

export function Workspace({ me }: { me: Me }) {
  const members = useApi(() => get<Items<Member>>('/api/v1/members'));
  const projects = useApi(() => get<Items<Project>>('/api/v1/projects'));
  const webhooks = useApi(() => get<Items<WebhookEndpoint>>('/api/v1/webhooks'));
  const webhooksHeading = useRef<HTMLHeadingElement>(null);
  const [deletedWebhooks, setDeletedWebhooks] = useState(0);
  // A deleted webhook takes its row, and the Delete button focus would return to, with it:
  // focus goes to the section's heading instead of falling back to the page's start. After
  // the render, once the dialog is gone (nothing outside a modal dialog takes focus).
  useEffect(() => {
    if (deletedWebhooks) webhooksHeading.current?.focus();
  }, [deletedWebhooks]);
  return (
    <>
      <h1>Workspace</h1>
      <p>The people, projects and webhooks of {me.workspace.name}.</p>
      {!manages(me.member.role) && <p class="note">This page is for managers; the API refuses your changes.</p>}
      <section class="section" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <p class="note">
          A member signs in with a sign-in token; members created in the wizard have none until one is created here.
        </p>
        <Alert message={members.error} />
        {members.loading && !members.data && <Working label="Loading members…" />}
        {members.data && (
          <MembersTable members={members.data.items} me={me.member} labelledBy="members-heading"
            onChanged={(m) => members.set(replaced(m))} />
        )}
      </section>
      <section class="section" aria-labelledby="projects-heading">
        <h2 id="projects-heading">Projects</h2>
        <p class="note">An archived project keeps its time and mappings but takes no new contract.</p>
        <Alert message={projects.error} />
        {projects.loading && !projects.data && <Working label="Loading projects…" />}
        {projects.data && projects.data.items.length === 0 && <p class="note">No project yet.</p>}
        {projects.data && projects.data.items.length > 0 && (
          <ProjectsTable projects={projects.data.items} labelledBy="projects-heading"
            onChanged={(p) => projects.set(replaced(p))} />
        )}
      </section>
      <section class="section" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading" tabIndex={-1} ref={webhooksHeading}>Webhooks</h2>
        <p class="note">
          upsync POSTs each event a webhook asks for to its URL, signed with its secret, and retries for a day
          what the receiver does not take.
        </p>
        <Alert message={webhooks.error} />
        {webhooks.loading && !webhooks.data && <Working label="Loading webhooks…" />}
        {webhooks.data && webhooks.data.items.length === 0 && <p class="note">No webhook is registered.</p>}
        {webhooks.data && webhooks.data.items.length > 0 && (
          <WebhooksTable webhooks={webhooks.data.items}
            onDeleted={(w) => {
              webhooks.set((d) => d && { items: d.items.filter((x) => x.id !== w.id) });
              setDeletedWebhooks((n) => n + 1);
            }} />
        )}
        <AddWebhook onAdded={(w) => webhooks.set((d) => d && { items: [...d.items, w] })} />
      </section>
    </>
  );
}
