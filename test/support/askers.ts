/**
 * Who a showcase asker is, as the registry seeded from the showcase will see it: a client under
 * one of its licensed purposes, or a person on their own file. The tests compute expectations
 * from it; the hub itself always asks the registry.
 */
import type { ClientKind, Purpose } from '../../subgraphs/shared/wire/purposes.ts';
import { assertCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { loadShowcase } from '../fixtures/seed/index.ts';
import { DEVELOPMENT_AUTHORITIES } from '../fixtures/seed/showcase.ts';
import type { AskingViewer } from '../../subgraphs/shared/wire/viewer.ts';

/** the clients the development seed registers: the showcase's, and the authorities that feed the hub */
const seededClients = () => [...loadShowcase().clients, ...DEVELOPMENT_AUTHORITIES];

export function clientViewer(clientId: string, purpose?: string): AskingViewer {
  const clients = seededClients();
  const client = clients.find((c) => c.id === clientId);
  if (!client) throw new Error(`unknown client "${clientId}"; registered clients: ${clients.map((c) => c.id).join(', ')}`);
  const chosen = purpose ?? (client.purposes.length === 1 ? client.purposes[0] : undefined);
  if (!chosen) throw new Error(`client ${client.id} is licensed for several purposes; pick one with --purpose (${client.purposes.join(', ')})`);
  if (!(client.purposes as string[]).includes(chosen)) throw new Error(`client ${client.id} is not licensed for ${chosen}; it is licensed for ${client.purposes.join(', ')}`);
  return { kind: 'CLIENT', client: client.id, clientKind: client.kind as Exclude<ClientKind, 'SUBJECT_APP'>, purpose: chosen as Purpose };
}

export function subjectViewer(citizenId: string): AskingViewer {
  return { kind: 'SUBJECT', subject: assertCitizenId(citizenId), purpose: 'SELF_ACCESS', client: 'dev-self-access' };
}

/** A registered client id, or else a citizen ID asking about their own file. */
export function askerViewer(asker: string): AskingViewer {
  return seededClients().some((c) => c.id === asker) ? clientViewer(asker) : subjectViewer(asker);
}
