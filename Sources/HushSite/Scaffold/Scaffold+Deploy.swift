internal import HushCore

/// The files `hush init` adds so that a new site is ready for git and CI: a `.gitignore`
/// and a GitHub Actions workflow that checks, builds and publishes it on GitHub Pages.
/// docs/deploy.md explains every step of the workflow; keep the two in agreement.
extension Scaffold {
    /// Where the workflow goes, relative to the site folder (the repository's root).
    public static let workflowPath = ".github/workflows/hush.yml"

    /// What git should never see in a site: the output and its stage and journal, the
    /// build cache, and a hearts database (its counts are nobody's business but the site's).
    public static let gitignore = """
        # Made by hush: never commit them (docs/deploy.md).
        /public/
        /.public.hush-stage/
        /.public.hush-journal
        /.hush-cache/
        *.sqlite
        *.sqlite-shm
        *.sqlite-wal

        """

    /// The GitHub Pages workflow for a site at the root of its repository, using the release
    /// tarball of this version of hush (`make dist`).
    public static var githubWorkflow: String {
        let version = HushVersion.current
        return """
            # Checks every push and pull request with hush; a push to main also builds the site and
            # publishes it on GitHub Pages. Written by `hush init`; docs/deploy.md in hush's
            # repository explains each step. Before the first run, in the repository's settings:
            #   Pages: Source "GitHub Actions"; base_url in hush.yml is https://OWNER.github.io/REPOSITORY/
            #     (or your own domain).
            #   Secrets and variables, Actions: the secret HUSH_SECRET, the value of `secret:` from
            #     hush.yml. In a public repository, delete that line from hush.yml before the first push.
            # and below, HUSH_URL and HUSH_SHA256.
            name: hush

            on:
              push:
                branches: [main]
              pull_request:
              workflow_dispatch:
              # A daily build publishes a scheduled story (dated after the last commit) on its day:
              # schedule:
              #   - cron: "17 4 * * *"

            permissions:
              contents: read

            env:
              HUSH_VERSION: "\(version)"
              # Where to download hush-\(version)-linux-x86_64.tar.gz (`make dist` in hush's repository
              # makes it), and its SHA-256 (the .sha256 file beside it). Not secrets: written here,
              # they also work for pull requests from forks, which get no repository variables.
              HUSH_URL: ""
              HUSH_SHA256: ""

            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v6
                    with:
                      persist-credentials: false

                  - name: Install hush
                    run: |
                      if [ -z "$HUSH_URL" ] || [ -z "$HUSH_SHA256" ]; then
                        echo "::error file=.github/workflows/hush.yml::set HUSH_URL and HUSH_SHA256 in this workflow's env"
                        exit 2
                      fi
                      curl -fsSL --retry 3 -o "$RUNNER_TEMP/hush.tar.gz" "$HUSH_URL"
                      echo "$HUSH_SHA256  $RUNNER_TEMP/hush.tar.gz" | sha256sum --check --strict
                      mkdir -p "$RUNNER_TEMP/hush"
                      tar -xzf "$RUNNER_TEMP/hush.tar.gz" -C "$RUNNER_TEMP/hush" --strip-components=1
                      echo "$RUNNER_TEMP/hush" >> "$GITHUB_PATH"
                      "$RUNNER_TEMP/hush/hush" --version

                  - name: Keep the secret out of the repository
                    env:
                      HUSH_SECRET: ${{ secrets.HUSH_SECRET }}
                      PRIVATE: ${{ github.event.repository.private }}
                    run: |
                      if grep -Eq '^secret:' hush.yml; then
                        if [ "$PRIVATE" = "false" ]; then
                          echo "::error file=hush.yml::this repository is public and hush.yml holds the secret, so story ids can be linked to file names: make a new secret, save it as the HUSH_SECRET secret, and delete the secret line from hush.yml"
                          exit 1
                        fi
                      elif [ -z "$HUSH_SECRET" ] && [ "$GITHUB_EVENT_NAME" != "pull_request" ]; then
                        echo "::error file=hush.yml::no secret: save one as the repository secret HUSH_SECRET"
                        exit 1
                      fi

                  - name: Keep the build cache between runs
                    uses: actions/cache@v5
                    with:
                      path: .hush-cache
                      key: hush-cache-${{ env.HUSH_VERSION }}-${{ github.sha }}
                      restore-keys: hush-cache-${{ env.HUSH_VERSION }}-

                  - name: Check
                    env:
                      HUSH_SECRET: ${{ secrets.HUSH_SECRET }}
                    run: hush check --format github

                  - name: Build
                    if: github.event_name != 'pull_request'
                    env:
                      HUSH_SECRET: ${{ secrets.HUSH_SECRET }}
                    run: |
                      # Dated by the last commit, not by the clock, so a rebuild is the same site;
                      # a scheduled run is dated today, to publish the stories that wait for it.
                      if [ "$GITHUB_EVENT_NAME" != "schedule" ]; then
                        export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
                      fi
                      hush build

                  - uses: actions/upload-pages-artifact@v4
                    if: github.event_name != 'pull_request'
                    with:
                      path: public

              deploy:
                if: github.event_name != 'pull_request'
                needs: build
                runs-on: ubuntu-latest
                concurrency:
                  group: pages
                  cancel-in-progress: false
                permissions:
                  pages: write
                  id-token: write
                environment:
                  name: github-pages
                  url: ${{ steps.deployment.outputs.page_url }}
                steps:
                  - id: deployment
                    uses: actions/deploy-pages@v4

            """
    }
}
