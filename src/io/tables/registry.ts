/**
 * Every input table's fold, by FileKind: the compiler checks that each kind of FILE_SPECS (columns.ts)
 * has one. Adding a table: its FileKind and FILE_SPECS entry, its file here, and a line below.
 */
import type { FileKind } from '../columns.js';
import { deductions } from './deductions.js';
import { households } from './households.js';
import { labor } from './labor.js';
import { land } from './land.js';
import { persons } from './persons.js';
import { points } from './points.js';
import { revenue } from './revenue.js';
import { shares } from './shares.js';
import type { TableFold } from './tableFold.js';
import { transactions } from './transactions.js';

export const TABLES: Readonly<Record<FileKind, TableFold>> = { households, revenue, land, shares, labor, points, deductions, persons, transactions };
