/**
 * The API reference as data: what `/reference.json` holds, for the reference page and for the
 * explorer's documentation pane. Types only, so that the browser bundle can share them.
 */
import type { Purpose } from '../../subgraphs/shared/wire/purposes.ts';

export type ReferencePurpose = Purpose;

/** yes: this purpose reads the field; consent: only while the person's consent is valid; no: never */
export type Read = 'yes' | 'consent' | 'no';

export interface AccessRow {
  /** the subject the field is about; ANY when both kinds are treated alike */
  subject: 'PERSON' | 'ORGANISATION' | 'ANY';
  /** the matrix row that decides (for a list entry, the class of its list) */
  cls: string;
  /** for a list entry's field: the lists whose entries this row covers */
  lists?: string[];
  /** per purpose: the matrix cell (A, D, or M: forms) and what it means for this field's form */
  cells: Record<ReferencePurpose, { cell: string; read: Read }>;
}

export interface ReferenceArgument {
  name: string;
  type: string;
  description: string;
  defaultValue?: string;
}

export interface ReferenceField {
  name: string;
  type: string;
  description: string;
  args: ReferenceArgument[];
  /** the @fact declaration in the owning subgraph's SDL; absent for input fields */
  fact?: { cls: string; form: string; about?: string; subgraph: string };
  access: AccessRow[];
}

export interface ReferenceType {
  name: string;
  kind: 'object' | 'input' | 'enum' | 'scalar' | 'interface' | 'union';
  description: string;
  /** for object types: the kinds of subject its facts can be about, derived from where it is reached */
  subjects?: ('PERSON' | 'ORGANISATION')[];
  fields: ReferenceField[];
  values?: { name: string; description: string }[];
}

export interface Reference {
  purposes: ReferencePurpose[];
  /** the columns that need a natural person's consent */
  consentPurposes: ReferencePurpose[];
  /** the access matrix itself: one row per fact class, the cell text per purpose (and per subject kind where it differs) */
  matrix: { cls: string; cells: Record<ReferencePurpose, string> }[];
  types: ReferenceType[];
}
