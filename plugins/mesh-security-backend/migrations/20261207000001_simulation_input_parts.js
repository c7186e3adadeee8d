/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * What-if inputs in bounded slices: a large cluster's objects are tens of MB
 * of JSON, and one row that size holds a synchronous driver (SQLite) for a
 * second. A row of mesh_security_simulation_inputs with an empty payload has
 * its payload here, in order.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'mesh_security_simulation_input_parts',
    table => {
      table.comment('Slices of the payload of a what-if input row');
      table
        .string('revision', 64)
        .notNullable()
        .comment('revision of the input row the slice belongs to');
      table.integer('seq').notNullable().comment('order of the slice');
      table
        .string('cluster', 255)
        .notNullable()
        .comment('cluster of the input row');
      // longtext on MySQL (text stops at 64 KiB); plain text elsewhere
      table.text('payload', 'longtext').notNullable().comment('JSON slice');
      table.primary(['revision', 'seq']);
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_security_simulation_input_parts');
};
