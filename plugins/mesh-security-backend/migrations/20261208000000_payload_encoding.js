/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * Parts written compressed: at 4x a refresh wrote ~180 MB of JSON parts (and
 * as much of what-if inputs), which deflate to a tenth or less. `encoding`
 * says how a row's payload reads: null for JSON text as earlier versions
 * wrote it, `deflate` for raw deflate of the UTF-8 text, in base64 (text
 * columns on every database take it).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of [
    'mesh_security_snapshot_parts',
    'mesh_security_simulation_input_parts',
  ]) {
    await knex.schema.alterTable(table, t => {
      t.string('encoding', 16)
        .nullable()
        .comment('null: JSON text; deflate: raw deflate, base64');
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'mesh_security_snapshot_parts',
    'mesh_security_simulation_input_parts',
  ]) {
    // compressed rows would read as text without the column: drop them
    await knex(table).whereNotNull('encoding').delete();
    await knex.schema.alterTable(table, t => t.dropColumn('encoding'));
  }
};
