// Every view of the console, in the navigation's order; each names the roles that see it.
import feed from './feed.js';
import visits from './visits.js';
import doors from './doors.js';
import alarms from './alarms.js';
import occupancy from './occupancy.js';
import threat from './threat.js';
import { search, person } from './persons.js';
import grants from './grants.js';
import importView from './import.js';
import events from './events.js';
import audit from './audit.js';
import reconciliation from './reconciliation.js';
import { users, tokens, config } from './users.js';
import account from './account.js';

export const VIEWS = [feed, visits, doors, alarms, occupancy, threat, search, person, grants, importView, events, audit, reconciliation,
  users, tokens, config, account];
