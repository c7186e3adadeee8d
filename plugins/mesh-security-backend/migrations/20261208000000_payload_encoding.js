/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * Parts written compressed: at 4x a refresh wrote ~180 MB of JSON parts and
 * ~60 MB of what-if inputs, which deflate 5–9× (the demo mesh) to 15–40×
 * (the benchmark's). `encoding` says how a row's payload reads: null for
 * JSON text as earlier versions wrote it, `deflate` for raw deflate of the
 * UTF-8 text, in base64 (text columns on every database take it).
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

/**
 * An earlier version reads every payload as JSON text, so what names a
 * deflated part goes with it: that version starts over (its data routes
 * answer 503 until its first refresh) instead of failing on each read.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const deflated = knex('mesh_security_snapshot_parts')
    .whereNotNull('encoding')
    .first('ref');
  if (await deflated) {
    await knex('mesh_security_snapshot')
      .whereIn('id', ['snapshot', 'metrics'])
      .delete();
    await knex('mesh_security_snapshot_parts').delete();
  }
  await knex('mesh_security_simulation_inputs')
    .whereIn(
      'revision',
      knex('mesh_security_simulation_input_parts')
        .whereNotNull('encoding')
        .select('revision'),
    )
    .delete();
  await knex('mesh_security_simulation_input_parts')
    .whereNotNull('encoding')
    .delete();
  for (const table of [
    'mesh_security_snapshot_parts',
    'mesh_security_simulation_input_parts',
  ]) {
    await knex.schema.alterTable(table, t => t.dropColumn('encoding'));
  }
};
