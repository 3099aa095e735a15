/** What the couriers resolvers return for each schema type. */
import type { CourierCompanyDoc, CourierComplaintDoc, CourierDoc, ServiceWarningDoc, TrafficViolationDoc } from './documents.ts';
import type { EnterpriseRef, Held, PersonRef } from '../shared/facts/subjects.ts';

export type PersonModel = PersonRef;
export type EnterpriseModel = EnterpriseRef;
export type CourierProfileModel = CourierDoc;
export type CourierCompanyProfileModel = CourierCompanyDoc;
export type CourierComplaintModel = Held<CourierComplaintDoc>;
export type TrafficViolationModel = Held<TrafficViolationDoc>;
export type ServiceWarningModel = Held<ServiceWarningDoc>;
