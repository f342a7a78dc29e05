// What a release ships (issue 25): the npm package holds the library, its types, README, LICENSE and
// package.json and nothing else; NOTICE names every third-party artifact the two built jars bundle
// (checked here because this is the module Maven builds after both jars). That package.json's
// version is the Maven project's is checked with the other packages' in clients/java's
// PublishedArtifactsIT.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jarEntries } from '../test-support/jar-entries.js';

const HERE = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${HERE}package.json`, 'utf8'));
const GATEWAY_JAR = process.env.TICKWIRE_GATEWAY_JAR ?? `${ROOT}gateway/target/tickwire-gateway.jar`;
const PUBLISHER_JAR = `${ROOT}feed-simulator/target/tickwire-feed-simulator.jar`;
const PUBLISHER_DEPENDENCIES = `${ROOT}feed-simulator/target/runtime-dependencies.txt`;

/** npm's own list of what `npm pack` would put in the tarball, or null when npm is not installed. */
function packedFiles(t) {
  try {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: HERE,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out)[0].files.map((f) => f.path).sort();
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    if (process.env.TICKWIRE_REQUIRE_TOOLS === '1') throw new Error('npm is needed for the package test (it comes with Node)');
    t.skip('npm not found: the package test is SKIPPED');
    return null;
  }
}

it('is Apache-2.0, with the repository\'s LICENSE inside the package directory', () => {
  assert.equal(pkg.license, 'Apache-2.0');
  assert.equal(readFileSync(`${HERE}LICENSE`, 'utf8'), readFileSync(`${ROOT}LICENSE`, 'utf8'));
  assert.match(pkg.repository.url, /^git\+https:\/\/.+\.git$/);
  assert.equal(pkg.repository.directory, 'clients/js');
});

it('packs the library, its types, README, LICENSE and package.json, and nothing else', (t) => {
  const files = packedFiles(t);
  if (files === null) return;
  const outsideSrc = files.filter((f) => !f.startsWith('src/'));
  assert.deepEqual(outsideSrc, ['LICENSE', 'README.md', 'package.json']);
  assert.ok(files.includes(pkg.types.replace(/^\.\//, '')), `the types (${pkg.types}) are packed`);
  assert.ok(files.includes(pkg.main.replace(/^\.\//, '')), `the entry point (${pkg.main}) is packed`);
  assert.ok(files.includes(pkg.exports['.'].types.replace(/^\.\//, '')));
  for (const f of files) assert.doesNotMatch(f, /(^|\/)(test|test-support|node_modules)\//);
});

it('NOTICE names every third-party artifact bundled in the gateway jar and the publisher jar', () => {
  for (const built of [GATEWAY_JAR, PUBLISHER_JAR, PUBLISHER_DEPENDENCIES]) {
    assert.ok(existsSync(built), `no ${built}: build first (./mvnw -DskipTests package)`);
  }
  const notice = readFileSync(`${ROOT}NOTICE`, 'utf8');
  // groupId:artifactId as NOTICE lists them; group is a pattern, artifact a plain name
  const named = (group, artifact) => new RegExp(`(^|\\s)${group}:${escape(artifact)}([\\s,]|$)`, 'm').test(notice);

  // A Spring Boot jar keeps each dependency whole, named artifactId-version[-classifier].jar.
  const libs = jarEntries(GATEWAY_JAR).filter((e) => /^BOOT-INF\/lib\/.+\.jar$/.test(e))
      .map((e) => e.slice('BOOT-INF/lib/'.length)).filter((name) => !name.startsWith('tickwire-'));
  assert.ok(libs.length > 50, `the gateway jar bundles its libraries (found ${libs.length})`);
  const unnamed = libs.filter((name) => !named('[\\w.-]+', /^(.+?)-\d/.exec(name)[1]));
  assert.deepEqual(unnamed, [], 'libraries in the gateway jar that NOTICE does not name');

  // The shaded publisher bundles every runtime dependency of its module, which the build lists
  // (the root pom's runtime-dependencies execution), and keeps most artifacts' pom.properties.
  const listed = readFileSync(PUBLISHER_DEPENDENCIES, 'utf8').replace(/\x1b\[[0-9;]*m/g, '').split('\n')
      .map((line) => /^\s+([\w.-]+):([\w.-]+):/.exec(line)).filter(Boolean);
  const kept = jarEntries(PUBLISHER_JAR).map((e) => /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/.exec(e))
      .filter((m) => m && m[1] !== 'io.tickwire');
  assert.ok(listed.length > 5, `the publisher's module lists its dependencies (found ${listed.length})`);
  const unnamedShaded = [...listed, ...kept].filter((m) => !named(escape(m[1]), m[2])).map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(unnamedShaded, [], 'artifacts in the publisher jar that NOTICE does not name');
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
