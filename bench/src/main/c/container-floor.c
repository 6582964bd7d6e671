/*
 * container-floor: the whole-container floor of `bench/run lxc scale` (ParallelStartBench,
 * ContainerFloor). It makes COUNT containers as the LXC driver makes the bench's, with no VirtFX
 * at all: one process, no state files, no locks, no supervisor per container, no JVM.
 *
 * usage: container-floor COUNT NETNS_PATH BRIDGE GROUP_PREFIX [--cgroup DIR [--set FILE=VALUE]...]... -- INIT [ARG...]
 *
 * This process joins NETNS_PATH, where BRIDGE is up. Then, timed:
 *  1. For each container: its group DIR/GROUP_PREFIXi in every --cgroup DIR with the --set values
 *     written, then init cloned into new pid, mount, uts, ipc and network namespaces and put
 *     into those groups. Init at once sets its hostname and mounts /dev (tmpfs, the host's
 *     harmless nodes bound in, devpts, shm), /proc and /sys, as the supervisor does, while the
 *     next ones are cloned; then it waits.
 *  2. Every veth pair from one `ip -batch`: host end fN plugged into BRIDGE and up, eth0 made
 *     inside the container.
 *  3. Every init released at once: disable_ipv6 on eth0, lo and eth0 up, exec INIT.
 * The time ends when every init has executed INIT (their shared error pipe reaches EOF, as each
 * copy of it closes on exec). Then every init is killed, reaped, its ports are waited for (a
 * network namespace goes after its last task, in the kernel's own time) and its groups removed.
 *
 * Prints one line: start_s=… clone_s=… plug_s=… destroy_s=… (clone and plug are parts of start).
 * On failure it says why on stderr, removes what it made and exits 1. Were this process killed,
 * its containers die with it (PR_SET_PDEATHSIG); the bench removes groups it leaves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_GROUPS 16
#define MAX_SETS 4

extern char **environ;

struct group { const char *dir; const char *sets[MAX_SETS]; int nsets; };

static struct group groups[MAX_GROUPS];
static int ngroups;
static int count;
static const char *bridge, *group_prefix;
static char **init_argv;

static pid_t *pids;
static int started;       /* containers cloned */
static int dirs_made;     /* groups made, container by container, in --cgroup order */
static int plugged;       /* whether the veth pairs exist */
static int go_pipe[2], err_pipe[2];
static int null_fd;

/* No CLONE_VM: each init gets its own copy of this stack, so one serves every clone. */
static char stack[64 * 1024] __attribute__((aligned(16)));

static const char *dev_nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* In a container: tells the parent why through the error pipe, and ends. */
static void child_fail(const char *what) {
    char msg[256];
    int n = snprintf(msg, sizeof msg, "%s: %s\n", what, strerror(errno));
    ssize_t ignored = write(err_pipe[1], msg, n);
    (void) ignored;
    _exit(126);
}

static void child_mount(const char *src, const char *target, const char *type, unsigned long flags,
                        const char *data) {
    if (mount(src, target, type, flags, data) < 0) {
        child_fail(target);
    }
}

/* The supervisor's /dev for a container without a root of its own. */
static void setup_dev(void) {
    int fds[6];
    char path[64], from[64];
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "/dev/%s", dev_nodes[i]);
        if ((fds[i] = open(path, O_PATH | O_CLOEXEC)) < 0) {
            child_fail(path);
        }
    }
    child_mount("devfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "/dev/%s", dev_nodes[i]);
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
        if (fd < 0) {
            child_fail(path);
        }
        close(fd);
        snprintf(from, sizeof from, "/proc/self/fd/%d", fds[i]);
        child_mount(from, path, NULL, MS_BIND, NULL);
        close(fds[i]);
    }
    mkdir("/dev/pts", 0755);
    child_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
    mkdir("/dev/shm", 01777);
    child_mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k");
    static const char *links[][2] = {{"pts/ptmx", "/dev/ptmx"}, {"/proc/self/fd", "/dev/fd"},
                                     {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"},
                                     {"/proc/self/fd/2", "/dev/stderr"}};
    for (int i = 0; i < 5; i++) {
        if (symlink(links[i][0], links[i][1]) < 0) {
            child_fail(links[i][1]);
        }
    }
}

static void bring_up(int sock, const char *name) {
    struct ifreq req;
    memset(&req, 0, sizeof req);
    strncpy(req.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(sock, SIOCGIFFLAGS, &req) < 0) {
        child_fail(name);
    }
    req.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &req) < 0) {
        child_fail(name);
    }
}

static int container_init(void *unused) {
    (void) unused;
    char byte;
    /* Only the parent may hold the release pipe open: its death then reads as EOF here. */
    close(go_pipe[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (sethostname("floor", 5) < 0) {
        child_fail("sethostname");
    }
    child_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    setup_dev();
    child_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    child_mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL);
    if (read(go_pipe[0], &byte, 1) != 1) {
        _exit(125);
    }
    /* Before the link comes up, so eth0 never sends an IPv6 packet (the supervisor's --no-ipv6). */
    int fd = open("/proc/sys/net/ipv6/conf/eth0/disable_ipv6", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "1\n", 2) != 2) {
        child_fail("disable_ipv6 on eth0");
    }
    close(fd);
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        child_fail("socket");
    }
    bring_up(sock, "lo");
    bring_up(sock, "eth0");
    close(sock);
    setsid();
    if (dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 || dup2(null_fd, 2) < 0) {
        child_fail("dup2");
    }
    char *env[] = {"PATH=/bin:/usr/bin:/sbin:/usr/sbin", "container=lxc-libvirt", NULL};
    execve(init_argv[0], init_argv, env);
    child_fail(init_argv[0]);
    return 126;
}

static void group_dir(char *out, size_t size, int container, int group) {
    snprintf(out, size, "%s/%s%d", groups[group].dir, group_prefix, container);
}

/* Kills and reaps every container, waits for its ports to go, removes its groups. */
static void teardown(void) {
    for (int i = 0; i < started; i++) {
        kill(pids[i], SIGKILL);
    }
    for (int i = 0; i < started; i++) {
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {
        }
    }
    double deadline = now() + 60;
    for (int i = 0; plugged && i < count; i++) {
        char name[IFNAMSIZ];
        snprintf(name, sizeof name, "f%d", i);
        while (if_nametoindex(name) != 0 && now() < deadline) {
            usleep(1000);
        }
    }
    for (int d = 0; d < dirs_made; d++) {
        char dir[4096];
        group_dir(dir, sizeof dir, d / ngroups, d % ngroups);
        /* EBUSY for a few milliseconds after the last task is reaped, as the driver finds. */
        for (int attempt = 0; rmdir(dir) < 0 && errno == EBUSY && attempt < 600; attempt++) {
            usleep(5000);
        }
    }
}

static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "container-floor: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    teardown();
    exit(1);
}

static void write_file(const char *dir, const char *file, const char *value) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, value, strlen(value)) < 0) {
        fail("cannot write %s to %s: %s", value, path, strerror(errno));
    }
    close(fd);
}

/* The container's groups, its init cloned, and init put into them. */
static void make_container(int i) {
    char dir[4096], value[128];
    for (int g = 0; g < ngroups; g++) {
        group_dir(dir, sizeof dir, i, g);
        if (mkdir(dir, 0755) < 0) {
            fail("cannot create cgroup %s: %s", dir, strerror(errno));
        }
        dirs_made++;
        for (int s = 0; s < groups[g].nsets; s++) {
            const char *eq = strchr(groups[g].sets[s], '=');
            snprintf(value, sizeof value, "%.*s", (int) (eq - groups[g].sets[s]), groups[g].sets[s]);
            write_file(dir, value, eq + 1);
        }
    }
    pid_t pid = clone(container_init, stack + sizeof stack,
                      CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD, NULL);
    if (pid < 0) {
        fail("cannot clone container %d: %s", i, strerror(errno));
    }
    pids[started++] = pid;
    snprintf(value, sizeof value, "%d\n", (int) pid);
    for (int g = 0; g < ngroups; g++) {
        group_dir(dir, sizeof dir, i, g);
        write_file(dir, "cgroup.procs", value);
    }
}

/* Every veth pair from one ip -batch, as the bench's bridge floor makes them. */
static void plug_all(void) {
    int in[2];
    if (pipe2(in, O_CLOEXEC) < 0) {
        fail("pipe: %s", strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    char *argv[] = {"ip", "-batch", "-", NULL};
    pid_t ip;
    int err = posix_spawnp(&ip, "ip", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    if (err != 0) {
        fail("cannot run ip: %s", strerror(err));
    }
    plugged = 1;
    FILE *batch = fdopen(in[1], "w");
    for (int i = 0; i < count && batch; i++) {
        fprintf(batch, "link add f%d master %s up numtxqueues 1 numrxqueues 1 type veth peer name eth0"
                " netns %d numtxqueues 1 numrxqueues 1\n", i, bridge, (int) pids[i]);
    }
    int status = -1;
    if (!batch || fclose(batch) != 0 || waitpid(ip, &status, 0) < 0 || status != 0) {
        fail("ip -batch failed (status %d)", status);
    }
}

static void parse(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: container-floor COUNT NETNS_PATH BRIDGE GROUP_PREFIX"
                " [--cgroup DIR [--set FILE=VALUE]...]... -- INIT [ARG...]\n");
        exit(64);
    }
    count = atoi(argv[1]);
    bridge = argv[3];
    group_prefix = argv[4];
    int i = 5;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc && ngroups < MAX_GROUPS) {
            groups[ngroups++].dir = argv[++i];
        } else if (strcmp(argv[i], "--set") == 0 && i + 1 < argc && ngroups > 0 && strchr(argv[i + 1], '=')
                   && groups[ngroups - 1].nsets < MAX_SETS) {
            groups[ngroups - 1].sets[groups[ngroups - 1].nsets++] = argv[++i];
        } else {
            fprintf(stderr, "container-floor: unknown option or missing value: %s\n", argv[i]);
            exit(64);
        }
    }
    if (count < 1 || count > 4096 || i + 1 >= argc) {
        fprintf(stderr, "container-floor: COUNT must be 1 to 4096 and an init must follow --\n");
        exit(64);
    }
    init_argv = argv + i + 1;
}

int main(int argc, char **argv) {
    parse(argc, argv);
    pids = calloc(count, sizeof *pids);
    int netns = open(argv[2], O_RDONLY | O_CLOEXEC);
    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (!pids || netns < 0 || null_fd < 0 || setns(netns, CLONE_NEWNET) < 0) {
        fprintf(stderr, "container-floor: cannot prepare in %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    if (pipe2(go_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0) {
        fprintf(stderr, "container-floor: pipe: %s\n", strerror(errno));
        return 1;
    }
    double t0 = now();
    for (int i = 0; i < count; i++) {
        make_container(i);
    }
    double cloned = now();
    plug_all();
    double plugs_done = now();
    char go[4096];
    memset(go, 'g', sizeof go);
    for (int left = count; left > 0; ) {
        ssize_t n = write(go_pipe[1], go, left < (int) sizeof go ? left : (int) sizeof go);
        if (n < 0) {
            fail("cannot release the containers: %s", strerror(errno));
        }
        left -= n;
    }
    close(go_pipe[1]);
    close(err_pipe[1]);
    char msg[512];
    ssize_t n;
    while ((n = read(err_pipe[0], msg, sizeof msg - 1)) < 0 && errno == EINTR) {
    }
    if (n > 0) {
        msg[n] = 0;
        fail("a container failed: %s", msg);
    }
    double running = now();
    /* EOF also comes from an init that died without a word (killed): none may have. */
    for (int i = 0; i < count; i++) {
        if (waitpid(pids[i], NULL, WNOHANG) != 0) {
            fail("container %d ended before its init ran", i);
        }
    }
    teardown();
    printf("start_s=%.4f clone_s=%.4f plug_s=%.4f destroy_s=%.4f\n", running - t0, cloned - t0,
           plugs_done - cloned, now() - running);
    return 0;
}
