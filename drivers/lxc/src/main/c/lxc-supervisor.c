/*
 * virtfx-lxc-supervisor: starts one container and stays its parent until it ends.
 *
 * Java cannot fork into new namespaces, so the LXC driver starts this small program (argument
 * lists only, never a shell) as a child of the application. It clones the container's init into
 * new pid, mount, uts, ipc and network namespaces (and a user namespace when asked), puts it into
 * its cgroups, tells the driver its pid and then waits: the driver creates the veth peers
 * directly inside the container's network namespace while init is still parked. On "go" the
 * init side sets the hostname, mounts /proc, /sys and a minimal /dev, pivots into the root
 * filesystem if there is one, brings up lo and the named interfaces and execs the init program.
 *
 * Protocol on stdin/stdout, one line each:
 *   -> "pty PATH"       with --console: the console's terminal, for window-size changes
 *   -> "pid N"          init's pid in the host's pid namespace, parked before any setup
 *   <- "go"             interfaces are in place; anything else or EOF kills init and exits
 *   -> "running"        exec succeeded (the error pipe closed on exec)
 *   -> "error TEXT"     a setup step or exec failed; init is gone and this exits non-zero
 * After that the supervisor only waits for init and exits with its status (128+signal when
 * killed), which is how the driver learns that a container stopped on its own.
 *
 * Options (before "--", then init and its arguments):
 *   --hostname H  --root DIR  --bind SRC DST ro|rw  --tmpfs DST SIZE_KIB  --cgroup PROCS_FILE  --netif NAME
 *   --no-ipv6 NAME  (interface NAME gets disable_ipv6 before any interface comes up)
 *   --dir INITDIR  --env K=V  --log FILE  --console SOCKET  --uidmap "0 100000 65536"  --gidmap "..."
 *   --user NAME|UID  --group NAME|GID   (init's ids, looked up in the container's own files)
 *   --cpus 0,1,3   (init's CPU affinity, which every process of the container inherits)
 * With --console, init's terminal is a pty (also its /dev/console) served on a unix socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LIST 64

/* A bind mount of src, or with src NULL a tmpfs of size_kib; all mounted in the order given. */
struct bind { const char *src, *dst; int ro; const char *size_kib; };

static const char *hostname = "container";
static const char *root;
static const char *initdir = "/";
static const char *logfile;
static const char *uidmap, *gidmap;
static const char *console_socket;
static const char *init_user, *init_group;
static const char *cpu_list;
/* The console: a pty whose slave is init's stdin, stdout, stderr and /dev/console. */
static int pty_master = -1;
static char pty_slave[128];
static struct bind binds[MAX_LIST];
static int nbinds;
static const char *cgroups[MAX_LIST];
static int ncgroups;
static const char *netifs[MAX_LIST];
static int nnetifs;
static const char *no_ipv6[MAX_LIST];
static int nno_ipv6;
static char *envs[MAX_LIST + 1];
static int nenvs;
static char **init_argv;

static int go_pipe[2];
static int err_pipe[2];
static int log_fd = -1;
static int null_fd = -1;
/* Host device nodes opened before /dev is covered; bound into the container's /dev by fd. */
static const char *dev_nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
static int dev_fds[6];

static void usage(const char *why) {
    fprintf(stderr, "virtfx-lxc-supervisor: %s\n", why);
    exit(64);
}

/* Reports a failed setup step through the error pipe and ends init. */
static void child_fail(const char *fmt, ...) {
    char msg[512];
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= (int) sizeof msg - 64) {
        n = (int) strlen(msg);
    }
    snprintf(msg + n, sizeof msg - n, ": %s", strerror(saved));
    ssize_t ignored = write(err_pipe[1], msg, strlen(msg));
    (void) ignored;
    _exit(126);
}

static void path_join(char *out, size_t size, const char *base, const char *rel) {
    if (snprintf(out, size, "%s/%s", strcmp(base, "/") == 0 ? "" : base, rel[0] == '/' ? rel + 1 : rel)
            >= (int) size) {
        errno = ENAMETOOLONG;
        child_fail("path too long under %s", base);
    }
}

static void mount_or_fail(const char *src, const char *target, const char *type, unsigned long flags,
                          const char *data) {
    if (mount(src, target, type, flags, data) < 0) {
        child_fail("cannot mount %s on %s", type ? type : src, target);
    }
}

/* Written before the link comes up, so the interface never sends an IPv6 packet. A kernel
 * without IPv6 has no such file, and nothing to turn off. */
static void keep_out_of_ipv6(const char *name) {
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && access("/proc/sys/net/ipv6", F_OK) < 0) {
        return;
    }
    if (fd < 0 || write(fd, "1\n", 2) != 2) {
        child_fail("cannot turn off IPv6 on interface %s", name);
    }
    close(fd);
}

static void bring_up(int sock, const char *name) {
    struct ifreq req;
    memset(&req, 0, sizeof req);
    strncpy(req.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(sock, SIOCGIFFLAGS, &req) < 0) {
        child_fail("cannot find interface %s", name);
    }
    req.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &req) < 0) {
        child_fail("cannot bring up interface %s", name);
    }
}

/* <vcpu cpuset>: a comma-separated list of CPU numbers, checked by the driver. */
static void pin_to_cpus(void) {
    if (!cpu_list) {
        return;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const char *p = cpu_list; *p; ) {
        char *end;
        unsigned long cpu = strtoul(p, &end, 10);
        if (end == p || cpu >= CPU_SETSIZE) {
            errno = EINVAL;
            child_fail("invalid CPU list %s", cpu_list);
        }
        CPU_SET(cpu, &set);
        p = *end == ',' ? end + 1 : end;
    }
    if (sched_setaffinity(0, sizeof set, &set) < 0) {
        child_fail("cannot pin init to CPUs %s", cpu_list);
    }
}

/* A number as is, else a name from the container's passwd or group file (we are inside its root now). */
static int numeric_id(const char *text, unsigned long *id) {
    char *end;
    errno = 0;
    *id = strtoul(text, &end, 10);
    return errno == 0 && *text != '\0' && *end == '\0';
}

/* <initgroup> and <inituser>: last of all, since every step before needs root inside. */
static void drop_to_init_ids(void) {
    if (!init_user && !init_group) {
        return;
    }
    unsigned long id;
    gid_t gid = 0;
    uid_t uid = 0;
    if (init_group) {
        struct group *g;
        if (numeric_id(init_group, &id)) {
            gid = (gid_t) id;
        } else if ((g = getgrnam(init_group)) != NULL) {
            gid = g->gr_gid;
        } else {
            errno = ENOENT;
            child_fail("cannot find group %s in the container", init_group);
        }
    }
    if (init_user) {
        struct passwd *p;
        if (numeric_id(init_user, &id)) {
            uid = (uid_t) id;
        } else if ((p = getpwnam(init_user)) != NULL) {
            uid = p->pw_uid;
        } else {
            errno = ENOENT;
            child_fail("cannot find user %s in the container", init_user);
        }
    }
    if (setgroups(0, NULL) < 0 || (init_group && setgid(gid) < 0) || (init_user && setuid(uid) < 0)) {
        child_fail("cannot switch init to user %s, group %s", init_user ? init_user : "-",
                   init_group ? init_group : "-");
    }
}

/* Builds /dev under base: a small tmpfs with the host's harmless nodes bound in, devpts, shm. */
static void setup_dev(const char *base) {
    char dev[4096], path[4200];
    path_join(dev, sizeof dev, base, "/dev");
    mount_or_fail("devfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "%s/%s", dev, dev_nodes[i]);
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
        if (fd < 0) {
            child_fail("cannot create %s", path);
        }
        close(fd);
        char from[64];
        snprintf(from, sizeof from, "/proc/self/fd/%d", dev_fds[i]);
        mount_or_fail(from, path, NULL, MS_BIND, NULL);
    }
    snprintf(path, sizeof path, "%s/pts", dev);
    mkdir(path, 0755);
    mount_or_fail("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
    snprintf(path, sizeof path, "%s/shm", dev);
    mkdir(path, 01777);
    mount_or_fail("shm", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k");
    static const char *links[][2] = {{"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"},
                                     {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
                                     {"/proc/self/fd/2", "stderr"}};
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dev, links[i][1]);
        if (symlink(links[i][0], path) < 0) {
            child_fail("cannot link %s", path);
        }
    }
}

static int container_init(void *unused) {
    (void) unused;
    char byte;
    close(go_pipe[1]);
    close(err_pipe[0]);
    /* Parked until the driver has created our interfaces; EOF means the start was abandoned. */
    if (read(go_pipe[0], &byte, 1) != 1) {
        _exit(125);
    }
    close(go_pipe[0]);
    if (uidmap) {
        /* Our maps are written now; become root of the user namespace (host uid from the map). */
        if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
            child_fail("cannot become root of the user namespace");
        }
    }
    if (sethostname(hostname, strlen(hostname)) < 0) {
        child_fail("cannot set hostname");
    }
    /* Nothing mounted here may propagate back to the host. */
    mount_or_fail(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    /* Opened here, in our own mount namespace: a bind source must belong to it. */
    for (int i = 0; i < 6; i++) {
        char node[32];
        snprintf(node, sizeof node, "/dev/%s", dev_nodes[i]);
        dev_fds[i] = open(node, O_PATH | O_CLOEXEC);
        if (dev_fds[i] < 0) {
            child_fail("cannot open host device %s", node);
        }
    }
    const char *base = "/";
    if (root) {
        mount_or_fail(root, root, NULL, MS_BIND | MS_REC, NULL);
        base = root;
    }
    char target[4096];
    for (int i = 0; i < nbinds; i++) {
        path_join(target, sizeof target, base, binds[i].dst);
        if (!binds[i].src) {
            char data[64];
            snprintf(data, sizeof data, "size=%sk,mode=755", binds[i].size_kib);
            mount_or_fail("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, data);
            continue;
        }
        mount_or_fail(binds[i].src, target, NULL, MS_BIND | MS_REC, NULL);
        if (binds[i].ro) {
            mount_or_fail(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
        }
    }
    int console_fd = -1;
    if (pty_master >= 0) {
        /* Opened by name here: a bind source must belong to our own mount namespace. */
        console_fd = open(pty_slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (console_fd < 0) {
            child_fail("cannot open console %s", pty_slave);
        }
    }
    setup_dev(base);
    if (console_fd >= 0) {
        char path[4200], from[64];
        path_join(path, sizeof path, base, "/dev/console");
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0) {
            child_fail("cannot create %s", path);
        }
        close(fd);
        snprintf(from, sizeof from, "/proc/self/fd/%d", console_fd);
        mount_or_fail(from, path, NULL, MS_BIND, NULL);
    }
    path_join(target, sizeof target, base, "/proc");
    mount_or_fail("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    path_join(target, sizeof target, base, "/sys");
    mount_or_fail("sysfs", target, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL);
    if (root) {
        /* pivot_root(".", ".") stacks the old root under the new one; detaching it leaves only the new. */
        if (chdir(root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0) {
            child_fail("cannot switch to root filesystem %s", root);
        }
    }
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        child_fail("cannot open a socket");
    }
    for (int i = 0; i < nno_ipv6; i++) {
        keep_out_of_ipv6(no_ipv6[i]);
    }
    bring_up(sock, "lo");
    for (int i = 0; i < nnetifs; i++) {
        bring_up(sock, netifs[i]);
    }
    close(sock);
    if (chdir(initdir) < 0) {
        child_fail("cannot change to init directory %s", initdir);
    }
    setsid();
    if (console_fd >= 0) {
        if (ioctl(console_fd, TIOCSCTTY, 0) < 0 || dup2(console_fd, 0) < 0 || dup2(console_fd, 1) < 0
                || dup2(console_fd, 2) < 0) {
            child_fail("cannot make %s the console", pty_slave);
        }
    } else if (dup2(null_fd, 0) < 0 || dup2(log_fd >= 0 ? log_fd : null_fd, 1) < 0
            || dup2(log_fd >= 0 ? log_fd : null_fd, 2) < 0) {
        child_fail("cannot set up standard streams");
    }
    pin_to_cpus();
    drop_to_init_ids();
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    execve(init_argv[0], init_argv, envs);
    child_fail("cannot execute init %s", init_argv[0]);
    return 126;
}

static void write_map(pid_t pid, const char *file, const char *map) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int) pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, map, strlen(map)) < 0) {
        printf("error cannot write %s: %s\n", path, strerror(errno));
        fflush(stdout);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        exit(3);
    }
    close(fd);
}

static void join_cgroup(pid_t pid, const char *procs) {
    int fd = open(procs, O_WRONLY | O_CLOEXEC);
    char text[32];
    int n = snprintf(text, sizeof text, "%d\n", (int) pid);
    if (fd < 0 || write(fd, text, n) < 0) {
        printf("error cannot join cgroup %s: %s\n", procs, strerror(errno));
        fflush(stdout);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        exit(3);
    }
    close(fd);
}

static void parse(int argc, char **argv) {
    int i = 1;
    for (; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        }
        int more = argc - i - 1;
        if (more < 1) {
            usage("missing option value");
        }
        if (strcmp(opt, "--hostname") == 0) {
            hostname = argv[++i];
        } else if (strcmp(opt, "--root") == 0) {
            root = argv[++i];
        } else if (strcmp(opt, "--dir") == 0) {
            initdir = argv[++i];
        } else if (strcmp(opt, "--log") == 0) {
            logfile = argv[++i];
        } else if (strcmp(opt, "--console") == 0) {
            console_socket = argv[++i];
        } else if (strcmp(opt, "--uidmap") == 0) {
            uidmap = argv[++i];
        } else if (strcmp(opt, "--cpus") == 0) {
            cpu_list = argv[++i];
        } else if (strcmp(opt, "--user") == 0) {
            init_user = argv[++i];
        } else if (strcmp(opt, "--group") == 0) {
            init_group = argv[++i];
        } else if (strcmp(opt, "--gidmap") == 0) {
            gidmap = argv[++i];
        } else if (strcmp(opt, "--cgroup") == 0 && ncgroups < MAX_LIST) {
            cgroups[ncgroups++] = argv[++i];
        } else if (strcmp(opt, "--netif") == 0 && nnetifs < MAX_LIST) {
            netifs[nnetifs++] = argv[++i];
        } else if (strcmp(opt, "--no-ipv6") == 0 && nno_ipv6 < MAX_LIST) {
            no_ipv6[nno_ipv6++] = argv[++i];
        } else if (strcmp(opt, "--env") == 0 && nenvs < MAX_LIST) {
            envs[nenvs++] = argv[++i];
        } else if (strcmp(opt, "--tmpfs") == 0 && more >= 2 && nbinds < MAX_LIST) {
            binds[nbinds].dst = argv[++i];
            binds[nbinds].size_kib = argv[++i];
            nbinds++;
        } else if (strcmp(opt, "--bind") == 0 && more >= 3 && nbinds < MAX_LIST) {
            binds[nbinds].src = argv[++i];
            binds[nbinds].dst = argv[++i];
            binds[nbinds].ro = strcmp(argv[++i], "ro") == 0;
            nbinds++;
        } else {
            usage("unknown option or too many values");
        }
    }
    if (i >= argc) {
        usage("no init program after --");
    }
    envs[nenvs] = NULL;
    init_argv = argv + i;
}

/* The host id that id 0 inside maps to ("0 TARGET COUNT" lines), or 0 without such a line. */
static unsigned long host_id_of_root(const char *map) {
    const char *line = map;
    while (line && *line) {
        unsigned long start, target, count;
        if (sscanf(line, "%lu %lu %lu", &start, &target, &count) == 3 && start == 0 && count > 0) {
            return target;
        }
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    return 0;
}

static void remove_console_socket(void) {
    unlink(console_socket);
}

/* Writes all of buf, or fails: a console client that stops reading is dropped by the caller. */
static int write_all(int fd, const char *buf, ssize_t n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        buf += w;
        n -= w;
    }
    return 0;
}

/*
 * Until init exits: console output goes to the one connected client (a new connection takes
 * over, as `virsh console --force` does) or, with none, to the log file, so the container never
 * blocks on a full pty; client input goes to init's terminal. Returns init's wait status.
 */
static int relay_console(pid_t pid, int listener) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
    int client = -1;
    int status = 0;
    if (sfd < 0) {
        /* Without a way to wake on SIGCHLD the console cannot be served; still report init's end. */
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return status;
    }
    char buf[8192];
    for (;;) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            break;
        }
        struct pollfd fds[4] = {{sfd, POLLIN, 0}, {pty_master, POLLIN, 0}, {listener, POLLIN, 0},
                                {client, POLLIN, 0}};
        if (poll(fds, 4, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            waitpid(pid, &status, 0);
            break;
        }
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo info;
            ssize_t ignored = read(sfd, &info, sizeof info);
            (void) ignored;
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(pty_master, buf, sizeof buf);
            if (n < 0 && errno != EINTR && errno != EAGAIN) {
                pty_master = -1;
            }
            if (n > 0) {
                if (client >= 0 && write_all(client, buf, n) < 0) {
                    close(client);
                    client = -1;
                }
                if (client < 0 && log_fd >= 0) {
                    write_all(log_fd, buf, n);
                }
            }
        }
        if (fds[2].revents & POLLIN) {
            int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
            if (c >= 0) {
                if (client >= 0) {
                    close(client);
                }
                client = c;
            }
        }
        if (client >= 0 && (fds[3].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(client, buf, sizeof buf);
            if (n <= 0 || write_all(pty_master, buf, n) < 0) {
                close(client);
                client = -1;
            }
        }
    }
    if (client >= 0) {
        close(client);
    }
    return status;
}

int main(int argc, char **argv) {
    parse(argc, argv);
    /* Our own session: a Ctrl-C at the application's terminal must not reach containers. */
    setsid();
    signal(SIGPIPE, SIG_IGN);
    null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (logfile) {
        log_fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
    if (null_fd < 0 || (logfile && log_fd < 0) || pipe2(go_pipe, O_CLOEXEC) < 0
            || pipe2(err_pipe, O_CLOEXEC) < 0) {
        printf("error cannot prepare: %s\n", strerror(errno));
        return 2;
    }
    int slave_keep = -1;
    int listener = -1;
    if (console_socket) {
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        pty_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (pty_master < 0 || grantpt(pty_master) < 0 || unlockpt(pty_master) < 0
                || ptsname_r(pty_master, pty_slave, sizeof pty_slave) != 0) {
            printf("error cannot create the console pty: %s\n", strerror(errno));
            return 2;
        }
        /* Held open for the container's life, so the master never reads EIO between users. */
        slave_keep = open(pty_slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave_keep >= 0 && uidmap) {
            /* The console belongs to the container's root, as libvirt hands it over. */
            if (fchown(slave_keep, host_id_of_root(uidmap), host_id_of_root(gidmap ? gidmap : uidmap)) < 0) {
                printf("error cannot hand the console to the container's root: %s\n", strerror(errno));
                return 2;
            }
        }
        if (strlen(console_socket) >= sizeof addr.sun_path) {
            printf("error console socket path too long: %s\n", console_socket);
            return 2;
        }
        strcpy(addr.sun_path, console_socket);
        unlink(console_socket);
        atexit(remove_console_socket);
        listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (slave_keep < 0 || listener < 0 || bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0
                || listen(listener, 4) < 0) {
            printf("error cannot set up the console socket %s: %s\n", console_socket, strerror(errno));
            return 2;
        }
    }
    /* SIGCHLD stays blocked here and is read from a signalfd; init unblocks all before exec. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD;
    if (uidmap) {
        flags |= CLONE_NEWUSER;
    }
    size_t stack_size = 256 * 1024;
    char *stack = malloc(stack_size);
    pid_t pid = stack ? clone(container_init, stack + stack_size, flags, NULL) : -1;
    if (pid < 0) {
        printf("error cannot create the container's namespaces: %s\n", strerror(errno));
        return 2;
    }
    close(go_pipe[0]);
    close(err_pipe[1]);
    if (uidmap) {
        write_map(pid, "uid_map", uidmap);
        write_map(pid, "gid_map", gidmap ? gidmap : uidmap);
    }
    for (int i = 0; i < ncgroups; i++) {
        join_cgroup(pid, cgroups[i]);
    }
    if (pty_master >= 0) {
        printf("pty %s\n", pty_slave);
    }
    printf("pid %d\n", (int) pid);
    fflush(stdout);
    char line[64];
    if (!fgets(line, sizeof line, stdin) || strcmp(line, "go\n") != 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return 1;
    }
    if (write(go_pipe[1], "g", 1) != 1) {
        printf("error cannot release init: %s\n", strerror(errno));
        fflush(stdout);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return 2;
    }
    close(go_pipe[1]);
    char msg[513];
    ssize_t n;
    while ((n = read(err_pipe[0], msg, sizeof msg - 1)) < 0 && errno == EINTR) {
    }
    if (n > 0) {
        msg[n] = 0;
        for (char *c = msg; *c; c++) {
            if (*c == '\n') {
                *c = ' ';
            }
        }
        printf("error %s\n", msg);
        fflush(stdout);
        waitpid(pid, NULL, 0);
        return 2;
    }
    close(err_pipe[0]);
    printf("running\n");
    fflush(stdout);
    /* The driver may go away (and come back); our streams must not hold it or kill us. */
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    int status = relay_console(pid, listener);
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}
