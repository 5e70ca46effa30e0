package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.scan.Finding;
import io.dockyard.registry.scan.ImageScan;
import io.dockyard.registry.scan.ImageScans;
import io.dockyard.registry.scan.ScanningConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Image scanning: PutImageScanningConfiguration, Put/GetRegistryScanningConfiguration,
 * BatchGetRepositoryScanningConfiguration, StartImageScan, DescribeImageScanFindings (docs/scanning.md).
 */
final class ScanOperations {
    private static final Set<String> FREQUENCIES = Set.of("SCAN_ON_PUSH", "CONTINUOUS_SCAN", "MANUAL");
    private static final String FILTER = "^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$";

    private ScanOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("PutImageScanningConfiguration", (in, ctx) -> {
                    Map<String, Object> c = Doc.map(in, "imageScanningConfiguration");
                    if (c == null) throw Ecr.invalid("Missing required parameter: imageScanningConfiguration");
                    boolean on = Boolean.TRUE.equals(Doc.bool(c, "scanOnPush"));
                    Repository r = ecr.update(in, ctx, old -> old.withScanOnPush(on));
                    return Ecr.head(ctx, r.name()).with("imageScanningConfiguration", Map.of("scanOnPush", on));
                }),
                new EcrOp("PutRegistryScanningConfiguration", (in, ctx) -> {
                    ScanningConfiguration c = parse(in);
                    ecr.scans.configure(c);
                    return Out.obj().with("registryScanningConfiguration", shape(c));
                }),
                new EcrOp("GetRegistryScanningConfiguration", (in, ctx) ->
                        Out.obj().with("registryId", ctx.account()).with("scanningConfiguration", shape(ecr.scans.configuration()))),
                new EcrOp("BatchGetRepositoryScanningConfiguration", (in, ctx) -> batchGet(ecr, in, ctx)),
                new EcrOp("StartImageScan", (in, ctx) -> start(ecr, in, ctx)),
                new EcrOp("DescribeImageScanFindings", (in, ctx) -> describe(ecr, in, ctx)));
    }

    private static ScanningConfiguration parse(Map<String, Object> in) {
        String type = Doc.str(in, "scanType");
        if (type == null) type = "BASIC";
        if (!type.equals("BASIC") && !type.equals("ENHANCED")) {
            throw Ecr.invalid("Invalid parameter at 'scanType' failed to satisfy constraint: 'Member must satisfy enum value set: [BASIC, ENHANCED]'");
        }
        List<Map<String, Object>> rules = Doc.maps(in, "rules");
        if (rules.size() > 2) throw Ecr.invalid("Invalid parameter at 'rules' failed to satisfy constraint: 'Member must have length less than or equal to 2'");
        List<ScanningConfiguration.Rule> out = new ArrayList<>();
        for (Map<String, Object> r : rules) {
            String f = Doc.str(r, "scanFrequency");
            if (f == null || !FREQUENCIES.contains(f)) {
                throw Ecr.invalid("Invalid parameter at 'rules.scanFrequency' failed to satisfy constraint: 'Member must satisfy enum value set: [SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL]'");
            }
            if (type.equals("BASIC") && f.equals("CONTINUOUS_SCAN")) throw Ecr.invalid("Scan frequency CONTINUOUS_SCAN is not supported for scan type BASIC.");
            if (type.equals("ENHANCED") && f.equals("MANUAL")) throw Ecr.invalid("Scan frequency MANUAL is not supported for scan type ENHANCED.");
            if (r.get("repositoryFilters") == null) throw Ecr.invalid("Missing required parameter: rules.repositoryFilters");
            List<Map<String, Object>> filters = Doc.maps(r, "repositoryFilters");
            if (filters.size() > 100) throw Ecr.invalid("Invalid parameter at 'rules.repositoryFilters' failed to satisfy constraint: 'Member must have length less than or equal to 100'");
            List<ScanningConfiguration.Filter> fs = new ArrayList<>();
            for (Map<String, Object> fm : filters) {
                String filter = Doc.str(fm, "filter"), filterType = Doc.str(fm, "filterType");
                if (filter == null || filter.length() > 255 || !filter.matches(FILTER)) {
                    throw Ecr.invalid("Invalid parameter at 'rules.repositoryFilters.filter' failed to satisfy constraint: 'Member must satisfy regular expression pattern: " + FILTER + "'");
                }
                if (!"WILDCARD".equals(filterType)) {
                    throw Ecr.invalid("Invalid parameter at 'rules.repositoryFilters.filterType' failed to satisfy constraint: 'Member must satisfy enum value set: [WILDCARD]'");
                }
                fs.add(new ScanningConfiguration.Filter(filter, filterType));
            }
            out.add(new ScanningConfiguration.Rule(f, fs));
        }
        return new ScanningConfiguration("registry", type, out);
    }

    private static Map<String, Object> shape(ScanningConfiguration c) {
        return Out.obj().with("scanType", c.scanType()).with("rules", c.rules().stream().map(r -> Out.obj()
                .with("scanFrequency", r.scanFrequency()).with("repositoryFilters", filters(r.repositoryFilters()))).toList());
    }

    private static List<Map<String, Object>> filters(List<ScanningConfiguration.Filter> fs) {
        return fs.stream().map(f -> (Map<String, Object>) Out.obj().with("filter", f.filter()).with("filterType", f.filterType())).toList();
    }

    private static Object batchGet(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        List<String> names = Doc.strings(in, "repositoryNames");
        if (names.isEmpty() || names.size() > 25) {
            throw Ecr.invalid("Invalid parameter at 'repositoryNames' failed to satisfy constraint: 'Member must have length less than or equal to 25 and greater than or equal to 1'");
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        ScanningConfiguration registryConfig = ecr.scans.configuration();
        for (String name : names) {
            Repository r = ecr.registry.findRepository(ecr.repositoryName(Map.of("repositoryName", name))).orElse(null);
            if (r == null) {
                failures.add(Out.obj().with("repositoryName", name).with("failureCode", "REPOSITORY_NOT_FOUND").with("failureReason", "REPOSITORY_NOT_FOUND"));
                continue;
            }
            ScanningConfiguration.Rule rule = registryConfig.ruleFor(name);
            String frequency = ecr.scans.frequency(r);
            configs.add(Out.obj().with("repositoryArn", ecr.arn(ctx, name)).with("repositoryName", name)
                    .with("scanOnPush", r.scanOnPush() || frequency.equals("SCAN_ON_PUSH") || frequency.equals("CONTINUOUS_SCAN"))
                    .with("scanFrequency", frequency)
                    .with("appliedScanFilters", rule == null ? List.of() : filters(rule.repositoryFilters().stream().filter(f -> matchesName(f, name)).toList())));
        }
        return Out.obj().with("scanningConfigurations", configs).with("failures", failures);
    }

    private static boolean matchesName(ScanningConfiguration.Filter f, String name) {
        return new ScanningConfiguration("x", "BASIC", List.of(new ScanningConfiguration.Rule("SCAN_ON_PUSH", List.of(f)))).ruleFor(name) != null;
    }

    /** The image the input's imageId names; ImageNotFoundException (or InvalidParameterException) otherwise. */
    private static ImageIds image(Ecr ecr, Repository r, Map<String, Object> in, RequestContext ctx) {
        Map<String, Object> id = Doc.map(in, "imageId");
        if (id == null) throw Ecr.invalid("Missing required parameter: imageId");
        ImageIds res = ImageIds.resolve(ecr.registry, r.name(), id);
        if (res.ok()) return res;
        if (!res.failureCode().equals("ImageNotFound")) throw Ecr.invalid(res.failureReason());
        throw new AwsException("ImageNotFoundException", 400, "The image with imageId {imageDigest:'" + res.digest() + "', imageTag:'" + res.tag()
                + "'} does not exist within the repository with name '" + r.name() + "' in the registry with id '" + ctx.account() + "'");
    }

    private static Object start(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        ImageIds id = image(ecr, r, in, ctx);
        Image image = id.image();
        String why = ImageScans.unsupported(image);
        if (why != null) throw new AwsException("UnsupportedImageTypeException", 400, why);
        ImageScan last = ecr.scans.scan(r.name(), image.digest()).orElse(null);
        ImageScan scan;
        if (last != null && last.status().equals("IN_PROGRESS") && !ecr.scans.stale(last)) scan = last;
        else if (ecr.scans.quotaExceeded(last)) throw new AwsException("LimitExceededException", 400, "The scan quota per image has been exceeded. Wait and try again.");
        else scan = ecr.scans.start(image);
        return Ecr.head(ctx, r.name()).with("imageId", Out.obj().with("imageDigest", image.digest()).with("imageTag", id.tag()))
                .with("imageScanStatus", status(scan));
    }

    private static Map<String, Object> status(ImageScan s) { return Out.obj().with("status", s.status()).with("description", s.description()); }

    private static Object describe(Ecr ecr, Map<String, Object> in, RequestContext ctx) {
        Repository r = ecr.repository(in, ctx);
        Integer max = Doc.integer(in, "maxResults");
        if (max != null && (max < 1 || max > 1000)) throw Ecr.invalid("Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'");
        ImageIds id = image(ecr, r, in, ctx);
        ImageScan scan = ecr.scans.scan(r.name(), id.digest()).orElseThrow(() -> new AwsException("ScanNotFoundException", 400,
                "Image scan does not exist for the image with '{imageDigest:'" + id.digest() + "', imageTag:'" + id.tag() + "'}' in the repository with name '"
                        + r.name() + "' in the registry with id '" + ctx.account() + "'"));
        Out out = Ecr.head(ctx, r.name()).with("imageId", Out.obj().with("imageDigest", id.digest()).with("imageTag", id.tag()))
                .with("imageScanStatus", status(scan));
        if (!scan.status().equals("COMPLETE")) return out;
        Pages<Finding> page = Pages.of(scan.findings(), max == null ? 100 : max, Doc.str(in, "nextToken"), 1000);
        out.with("imageScanFindings", Out.obj().with("imageScanCompletedAt", scan.completedAt())
                .with("vulnerabilitySourceUpdatedAt", scan.sourceUpdatedAt())
                .with("findingSeverityCounts", scan.severityCounts())
                .with("findings", page.items().stream().map(ScanOperations::finding).toList()));
        return out.with("nextToken", page.nextToken());
    }

    private static Map<String, Object> finding(Finding f) {
        List<Map<String, Object>> attributes = new ArrayList<>();
        attributes.add(attribute("package_version", f.packageVersion()));
        attributes.add(attribute("package_name", f.packageName()));
        if (f.cvss2Vector() != null) attributes.add(attribute("CVSS2_VECTOR", f.cvss2Vector()));
        if (f.cvss2Score() >= 0) attributes.add(attribute("CVSS2_SCORE", String.valueOf(f.cvss2Score())));
        if (f.cvss3Vector() != null) attributes.add(attribute("CVSS3_VECTOR", f.cvss3Vector()));
        if (f.cvss3Score() >= 0) attributes.add(attribute("CVSS3_SCORE", String.valueOf(f.cvss3Score())));
        return Out.obj().with("name", f.name()).with("description", f.description()).with("uri", f.uri()).with("severity", f.severity()).with("attributes", attributes);
    }

    private static Map<String, Object> attribute(String key, String value) { return Out.obj().with("key", key).with("value", value); }

    /** DescribeImages' scan fields: the status and, for a complete scan, the summary. */
    static Map<String, Object> withScan(Ecr ecr, Map<String, Object> detail, Image i) {
        ecr.scans.scan(i.repository(), i.digest()).ifPresent(s -> {
            detail.put("imageScanStatus", status(s));
            if (s.status().equals("COMPLETE")) {
                detail.put("imageScanFindingsSummary", Out.obj().with("imageScanCompletedAt", s.completedAt())
                        .with("vulnerabilitySourceUpdatedAt", s.sourceUpdatedAt()).with("findingSeverityCounts", s.severityCounts()));
            }
        });
        return detail;
    }
}
