import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../../components/states.tsx';
import { settle } from '../../../../../lib/api.ts';
import { graphql } from '../../../../../lib/graphql.ts';
import { can } from '../../../../../lib/roles.ts';
import { getFundContext } from '../../../../../lib/session.ts';
import { ImportForm } from './import-form.tsx';

export const metadata: Metadata = { title: 'Import positions — DTE' };

const AccountsQuery = graphql(`
  query ImportAccounts { accounts(first: 100) { edges { node { id name venue } } } }
`);

/** CSV import with preview (RISK_MANAGER and OWNER; the api refuses others anyway). */
export default async function ImportPage({ params }: { params: Promise<{ fund: string }> }) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const header = (
    <PageHeader title="Import positions">
      <p>
        Preview validates the whole file and shows what would change; nothing is written until you commit.
        Formats: docs/imports.md.
      </p>
    </PageHeader>
  );
  if (!can(ctx.role, 'manageBook'))
    return (
      <>
        {header}
        <EmptyState title="Not available for your role">
          <p>Importing positions needs the risk manager or owner role.</p>
        </EmptyState>
      </>
    );
  const result = await settle(ctx.query(AccountsQuery, {}));
  if (!result.ok)
    return (
      <>
        {header}
        <ErrorPanel error={result.error} what="the accounts" />
      </>
    );
  const accounts = result.data.accounts.edges.map((e) => e.node);
  return (
    <>
      {header}
      <p>
        <Link href={`/f/${ctx.fund.slug}/positions`}>← Back to positions</Link>
      </p>
      {accounts.length === 0 ? (
        <EmptyState title="No accounts">
          <p>Create an account first: positions are imported into an account.</p>
        </EmptyState>
      ) : (
        <ImportForm fund={ctx.fund.slug} accounts={accounts} />
      )}
    </>
  );
}
