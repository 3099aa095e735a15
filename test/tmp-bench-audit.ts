import { benchEnforcement, printEnforcement } from './bench/enforcement.ts';
printEnforcement(await benchEnforcement({ rounds: 15 }));
process.exit(0);
