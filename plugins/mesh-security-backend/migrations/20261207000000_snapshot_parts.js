/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * The snapshot per cluster and in bounded parts instead of one growing blob:
 * each cluster evaluation is written as parts of its report and its last good
 * lists under a reference of its own; the `snapshot` row of
 * mesh_security_snapshot, written last, names the references it is made of.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_security_snapshot_parts', table => {
    table.comment(
      'Parts of the cluster evaluations the stored snapshot is made of',
    );
    table
      .string('ref', 64)
      .notNullable()
      .comment('one cluster evaluation; named by the snapshot row');
    table
      .string('kind', 16)
      .notNullable()
      .comment('report (one of its parts) or lastgood (the last good lists)');
    table.integer('seq').notNullable().comment('order of the part');
    table
      .string('cluster', 255)
      .notNullable()
      .comment('cluster name as the snapshot reports it');
    // longtext on MySQL (text stops at 64 KiB); plain text elsewhere
    table.text('payload', 'longtext').notNullable().comment('JSON');
    table.primary(['ref', 'kind', 'seq']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_security_snapshot_parts');
};
