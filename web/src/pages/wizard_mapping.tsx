// Wizard step 2 (F5): one section per selected organization with its Upwork users and
// their contracts; every change is saved as it is made (the rows do that), so "Next" only
// moves on. "Refresh from Upwork" asks every organization's actor to read Upwork again and
// polls until all are done.
import { useState } from 'preact/hooks';
import { get, messageOf, post, seg } from '../api';
import { Alert } from '../components/alert';
import { UserRow } from '../components/mapping_user';
import { useApi } from '../components/use_api';
import { WizardSteps } from '../components/wizard_steps';
import { Working } from '../components/working';
import { dateTime } from '../format';
import { navigate } from '../router';
import type { Items, Mapping, MappingOrganization, MappingUser, Member, Project } from '../types';

interface Loaded { mapping: Mapping; members: Member[]; projects: Project[] }

async function load(): Promise<Loaded> {
  const [mapping, members, projects] = await Promise.all([
    get<Mapping>('/api/v1/upwork/wizard/mapping'),
    get<Items<Member>>('/api/v1/members'),
    get<Items<Project>>('/api/v1/projects'),
  ]);
  return { mapping, members: byName(members.items), projects: byName(projects.items) };
}

function byName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name));
}

const refreshing = (d: Loaded | undefined) => d?.mapping.organizations.some((o) => o.refresh_status === 'running') ?? false;

export function WizardMapping() {
  const page = useApi(load, [], (d) => (refreshing(d) ? 1500 : undefined));
  const [error, setError] = useState<string | undefined>(undefined);
  const [starting, setStarting] = useState(false);
  const data = page.data;

  const update = (change: (d: Loaded) => Loaded) => page.set((d) => (d ? change(d) : d));
  const onUser = (orgId: string) => (user: MappingUser) =>
    update((d) => ({
      ...d,
      mapping: {
        organizations: d.mapping.organizations.map((o) =>
          o.id !== orgId ? o : { ...o, users: o.users.map((x) => (x.upwork_user_id === user.upwork_user_id ? user : x)) }),
      },
    }));
  const onMemberCreated = (m: Member) => update((d) => ({ ...d, members: byName([...d.members, m]) }));
  const onProjectCreated = (p: Project) => update((d) => ({ ...d, projects: byName([...d.projects, p]) }));

  const refresh = async () => {
    if (!data) return;
    setStarting(true);
    setError(undefined);
    // Each organization refreshes on its own; one refused (say, needing re-authorization)
    // does not hold back the others, and each refusal is named.
    const refusals: string[] = [];
    await Promise.all(
      data.mapping.organizations.map((o) =>
        post(`/api/v1/upwork/organizations/${seg(o.id)}/refresh`).catch((e) => refusals.push(`${o.section_label}: ${messageOf(e)}`))),
    );
    if (refusals.length) setError(refusals.join(' '));
    await page.reload();
    setStarting(false);
  };

  const running = starting || refreshing(data);
  return (
    <>
      <WizardSteps current={2} />
      <h1>Mapping</h1>
      <p>Map each Upwork user to a member and each contract to a project, set the rates and switch sync on. Every
        change is saved at once.</p>
      <Alert message={error ?? page.error} />
      {page.loading && !data && <Working label="Loading…" />}
      {data && (
        <>
          <div class="toolbar">
            <button type="button" class="secondary" disabled={running || data.mapping.organizations.length === 0}
              onClick={refresh}>
              Refresh from Upwork
            </button>
            {running && <Working label="Refreshing from Upwork…" />}
          </div>
          {data.mapping.organizations.length === 0 && (
            <p class="note">No organization is selected. Choose some in step 1 (Accounts).</p>
          )}
          {data.mapping.organizations.map((o) => (
            <OrganizationSection key={o.id} org={o} members={data.members} projects={data.projects}
              onUser={onUser(o.id)} onMemberCreated={onMemberCreated} onProjectCreated={onProjectCreated} />
          ))}
          <div class="actions">
            <button type="button" onClick={() => navigate('/console/wizard/review')}>Next</button>
          </div>
        </>
      )}
    </>
  );
}

function OrganizationSection(props: {
  org: MappingOrganization;
  members: Member[];
  projects: Project[];
  onUser: (u: MappingUser) => void;
  onMemberCreated: (m: Member) => void;
  onProjectCreated: (p: Project) => void;
}) {
  const o = props.org;
  const headingId = `org-${o.id}-heading`;
  return (
    <section class="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{o.section_label}</h2>
      <p class="note">
        Last refresh from Upwork: {dateTime(o.last_refreshed_at)}
        {o.refresh_status === 'running' && ' · refreshing now…'}
        {o.refresh_status === 'failed' && ' · the last refresh failed; try again'}
      </p>
      {o.users.length === 0 && <p class="note">No Upwork user in this organization.</p>}
      <ul class="cards">
        {o.users.map((u) => (
          <UserRow key={u.upwork_user_id} orgId={o.id} orgType={o.type} user={u} members={props.members}
            projects={props.projects} onChanged={props.onUser} onMemberCreated={props.onMemberCreated}
            onProjectCreated={props.onProjectCreated} />
        ))}
      </ul>
    </section>
  );
}
