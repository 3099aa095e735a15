/** What the couriers resolvers return for each schema type. */
import type { CourierCompanyDoc, CourierComplaintDoc, CourierDoc, ServiceWarningDoc, TrafficViolationDoc } from './documents.ts';
import type { EnterpriseRef, Held, PersonRef } from '../shared/facts/subjects.ts';

export type PersonModel = PersonRef;
export type EnterpriseModel = EnterpriseRef;
/** a courier's file; reached through a sealed person link, it carries that key to answer as its creditCode */
export type CourierProfileModel = CourierDoc & { sealedKey?: string };
export type CourierCompanyProfileModel = CourierCompanyDoc;
export type CourierComplaintModel = Held<CourierComplaintDoc>;
export type TrafficViolationModel = Held<TrafficViolationDoc>;
export type ServiceWarningModel = Held<ServiceWarningDoc>;
