/*
 * Copyright 2025 The Mesh Security Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @ts-check

/**
 * Posture history: one point per entity and per team after each refresh,
 * and the regressions already announced (so replicas and later refreshes
 * never announce one twice).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_security_history', table => {
    table.comment(
      'Posture figures of an entity or a team after a refresh; thinned to one point a day after the full-resolution days',
    );
    table.string('scope', 8).notNullable().comment('entity or team');
    table
      .string('subject', 255)
      .notNullable()
      .comment('lower-case entity ref of the entity or the Group');
    table
      .bigInteger('at')
      .notNullable()
      .comment('generatedAt of the snapshot, in ms since the epoch');
    table
      .integer('day')
      .notNullable()
      .comment(
        'UTC day of `at` (days since the epoch): the unit of downsampling',
      );
    table.string('mtls_mode', 16).nullable();
    table.integer('workloads').notNullable();
    table.integer('meshed').notNullable();
    table.integer('strict').notNullable();
    table.double('mtls_traffic_share').nullable();
    table.double('rps').nullable();
    table.integer('critical').notNullable();
    table.integer('high').notNullable();
    table.integer('medium').notNullable();
    table.integer('low').notNullable();
    table.integer('info').notNullable();
    table.string('grade', 1).nullable();
    table.double('score').nullable();
    table
      .boolean('partial')
      .notNullable()
      .defaultTo(false)
      .comment('some lists of its clusters could not be read');
    // a replica that records the same refresh again adds nothing
    table.primary(['scope', 'subject', 'at']);
    // keeping the last point of each day reads subject by subject, day by day
    table.index(
      ['scope', 'subject', 'day', 'at'],
      'mesh_security_history_day_idx',
    );
    // retention deletes by age across subjects
    table.index(['at'], 'mesh_security_history_at_idx');
  });

  await knex.schema.createTable('mesh_security_regressions_sent', table => {
    table.comment(
      'Regressions already announced: the replica whose insert wins sends the notification',
    );
    table
      .string('id', 64)
      .primary()
      .notNullable()
      .comment(
        'sha-256 of what regressed, where, and the snapshot it is measured against',
      );
    table.string('kind', 32).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('sent_at').notNullable().comment('ms since the epoch');
    table.index(['sent_at'], 'mesh_security_regressions_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_security_regressions_sent');
  await knex.schema.dropTable('mesh_security_history');
};
