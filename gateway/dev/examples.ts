/**
 * The explorer's examples. Each names the asker it is written for (a showcase client id, or a
 * showcase citizen ID for a person's own file) and the answer paths it is meant to show;
 * test/e2e/explorer-examples.test.ts runs each as its asker and asserts those paths hold data.
 * Plain data: the browser bundle and the tests both import it.
 */
export interface Example {
  title: string;
  /** who it is meant for: a showcase client id, or a citizen ID asking about their own file */
  asker: string;
  /** one sentence: what it shows */
  about: string;
  query: string;
  /** paths into `data` (dot-separated, list indices as numbers) that must not be null */
  shows: string[];
  /** fields the answer withholds on purpose, to show the withheld panel */
  withholds?: string[];
}

export const EXAMPLES: readonly Example[] = [
  {
    title: 'A bank reads a loan applicant',
    asker: 'bank-jinling',
    about: '张伟 consented to the bank: his loan default and score are open to it, his phone never is (PURPOSE).',
    query: /* GraphQL */ `query LoanApplicant {
  person(creditCode: "320502198203174715") {
    name
    financialDefaults { ref lender overdueAmount status }
    creditScore
    phone
  }
}`,
    shows: ['person.name', 'person.financialDefaults.0.ref', 'person.financialDefaults.0.overdueAmount', 'person.creditScore'],
    withholds: ['Person.phone'],
  },
  {
    title: 'A bank asks about someone who consented to nobody',
    asker: 'bank-jinling',
    about: '李梅 gave the bank no consent: it sees only what the public may see (her court listing, masked) and NO_CONSENT for the rest.',
    query: /* GraphQL */ `query NoConsent {
  person(creditCode: "320102198509231629") {
    name
    financialDefaults { ref }
    sanctions {
      courtListings { ref subjectName subjectMaskedId authority }
    }
  }
}`,
    shows: ['person.sanctions.courtListings.0.ref', 'person.sanctions.courtListings.0.subjectMaskedId', 'person.sanctions.courtListings.0.authority'],
    withholds: ['Person.name', 'Person.financialDefaults'],
  },
  {
    title: 'An employer screens a candidate',
    asker: 'employer-suzhou-hr',
    about: '陈静 consented to the employer: her licence and her own courier file are open to it.',
    query: /* GraphQL */ `query Candidate {
  person(creditCode: "320203199507082021") {
    name
    maskedId
    occupations { occupation licenseNo status }
    courierProfile {
      rating
      complaints { ref reason }
      company { name courierProfile { grade } }
    }
  }
}`,
    shows: ['person.name', 'person.maskedId', 'person.occupations.0.licenseNo', 'person.courierProfile.rating', 'person.courierProfile.company.name'],
  },
  {
    title: 'A platform onboards a shop',
    asker: 'platform-yunji',
    about: '刘洋 consented to the platform: his shop, its violations and his e-commerce black listing are open to it.',
    query: /* GraphQL */ `query Onboarding {
  merchant(id: "yunji:shop:208877") {
    shopName
    rating
    complaints90d
    violations { ref kind what }
    operatorName
  }
  person(creditCode: "320583199001011531") {
    merchants { shopName }
    sanctions { ecommerceBlacklist { ref measures } }
  }
}`,
    shows: [
      'merchant.shopName',
      'merchant.violations.0.ref',
      'merchant.operatorName',
      'person.merchants.0.shopName',
      'person.sanctions.ecommerceBlacklist.0.ref',
    ],
  },
  {
    title: 'A courier company, as the public sees it',
    asker: 'developer-sandbox',
    about: 'Organisations need no consent: anyone reads its registration and courier grade; its courier black listing is not public (PURPOSE).',
    query: /* GraphQL */ `query CourierCompany {
  enterprise(creditCode: "91320211MA1X4Y5T2H") {
    name
    status
    legalRepresentativeName
    courierProfile { grade }
    sanctions { courierBlacklist { ref measures } }
  }
}`,
    shows: ['enterprise.name', 'enterprise.status', 'enterprise.legalRepresentativeName', 'enterprise.courierProfile.grade'],
    withholds: ['Sanctions.courierBlacklist'],
  },
  {
    title: 'Joint measures reaching a person',
    asker: 'regulator-jiangsu-credit',
    about: "吴刚 carries the measures of the courier black listing of the company he represents (联合惩戒措施落实到人).",
    query: /* GraphQL */ `query JointMeasures {
  person(creditCode: "320106197004051113") {
    name
    restrictions {
      measure
      basis
      listing { ref list }
      organisation { name }
    }
  }
}`,
    shows: ['person.name', 'person.restrictions.0.measure', 'person.restrictions.0.listing.ref', 'person.restrictions.0.organisation.name'],
  },
  {
    title: 'Screening names against the lists',
    asker: 'regulator-jiangsu-credit',
    about: 'Names are matched after normalising script and width, on the written name and on pinyin.',
    query: /* GraphQL */ `query Screening {
  screen(subjects: [{ name: "李梅" }, { name: "Liu Yang" }, { name: "無錫速達快遞有限公司" }]) {
    name
    hits { list ref matchedName score status }
  }
}`,
    shows: ['screen.0.hits.0.ref', 'screen.1.hits.0.ref', 'screen.2.hits.0.ref'],
  },
  {
    title: 'My own file',
    asker: '320115197511303019',
    about: '赵磊 sees his own file, an expired tax listing included (shown to nobody else), and who has looked at it.',
    query: /* GraphQL */ `query MyFile {
  person(creditCode: "320115197511303019") {
    name
    phone
    sanctions { taxViolations { ref status displayUntil } }
    queryRecords { at client purpose classes }
  }
}`,
    shows: ['person.name', 'person.phone', 'person.sanctions.taxViolations.0.status', 'person.sanctions.taxViolations.0.displayUntil'],
  },
];

/** The value at a dot-separated path into an answer's data (undefined when absent). */
export function valueAt(data: unknown, path: string): unknown {
  let at: unknown = data;
  for (const step of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}
